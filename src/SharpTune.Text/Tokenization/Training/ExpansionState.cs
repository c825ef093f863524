using System.Text;
using System.Text.Json.Nodes;

namespace SharpTune.Text.Tokenization.Training;

/// <summary>The working vocabulary and merges of one expansion; <see cref="Commit"/> writes them into the base JSON.</summary>
internal sealed class ExpansionState
{
    private readonly HashSet<string> _baseTokens;
    private readonly HashSet<string> _addedContents;
    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<(string, string), int> _ranks = [];
    private readonly List<(string Left, string Right)> _newMerges = [];
    private readonly List<AddedVocabularyToken> _added = [];
    private readonly List<string> _skipped = [];
    private readonly int _sizeBefore;
    private int _nextId;
    private int _bridges;

    public ExpansionState(TokenizerJsonModel baseModel)
    {
        Base = baseModel;
        _baseTokens = [.. baseModel.Vocab.Keys];
        _addedContents = [.. baseModel.AddedTokens.Select(t => t.Content)];
        _vocab = new Dictionary<string, int>(baseModel.Vocab, StringComparer.Ordinal);
        for (int i = 0; i < baseModel.Merges.Count; i++) _ranks.TryAdd(baseModel.Merges[i], i);
        _sizeBefore = baseModel.MaxId + 1;
        _nextId = _sizeBefore;
    }

    public TokenizerJsonModel Base { get; }

    public bool Contains(string token) => _vocab.ContainsKey(token);

    public void Skip(string reason) => _skipped.Add(reason);

    /// <summary>Adds a single-character symbol the vocabulary lacks; longer unreachable tokens are skipped.</summary>
    public void AddSymbol(string token)
    {
        if (_vocab.ContainsKey(token)) return;
        if (token.EnumerateRunes().Count() != 1)
        {
            Skip($"token '{token}': no merge builds it");
            return;
        }

        if (!HasNonAscii(token))
        {
            Skip($"character '{token}': the base encodes it by fallback, and a new ASCII token would change how ASCII text encodes");
            return;
        }

        AddToken(token);
    }

    /// <summary>Appends merge (left, right) unless it exists; false (and a reason in the report) when it cannot be added.</summary>
    public bool AddMerge(string left, string right)
    {
        if (_ranks.ContainsKey((left, right))) return true;
        if (!_vocab.ContainsKey(left) || !_vocab.ContainsKey(right))
        {
            Skip($"merge ('{left}', '{right}'): '{(_vocab.ContainsKey(left) ? right : left)}' is not in the vocabulary");
            return false;
        }

        bool bridge = _baseTokens.Contains(left) && _baseTokens.Contains(right);
        if (bridge && !HasNonAscii(left) && !HasNonAscii(right))
        {
            Skip($"merge ('{left}', '{right}'): joins two ASCII base tokens, which would change how the base encodes ASCII text");
            return false;
        }

        string merged = left + right;
        if (_addedContents.Contains(merged))
        {
            Skip($"merge ('{left}', '{right}'): its result is the base's added token '{merged}'");
            return false;
        }

        if (bridge) _bridges++;
        if (!_vocab.ContainsKey(merged)) AddToken(merged);
        _ranks[(left, right)] = Base.Merges.Count + _newMerges.Count;
        _newMerges.Add((left, right));
        return true;
    }

    /// <summary>The BPE segmentation of a model-form string with the current merges (lowest rank first).</summary>
    public List<string> Segment(IEnumerable<string> symbols)
    {
        var parts = symbols.ToList();
        while (parts.Count > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < parts.Count; i++)
            {
                if (_ranks.TryGetValue((parts[i], parts[i + 1]), out int rank) && rank < bestRank) (best, bestRank) = (i, rank);
            }

            if (best < 0) break;
            parts[best] += parts[best + 1];
            parts.RemoveAt(best + 1);
        }

        return parts;
    }

    /// <summary>Writes new vocabulary entries and merges into the base JSON and returns the report.</summary>
    public ExpansionReport Commit()
    {
        var vocab = (JsonObject)Base.Model["vocab"]!;
        var merges = (JsonArray)Base.Model["merges"]!;
        bool arrays = Base.MergesAsArrays || _newMerges.Any(m => m.Left.Contains(' ') || m.Right.Contains(' '));
        if (arrays && !Base.MergesAsArrays)
        {
            merges.Clear();
            foreach (var (l, r) in Base.Merges) merges.Add(new JsonArray(l, r));
        }

        foreach (var token in _added) vocab[token.Token] = token.Id;

        // Rust tokenizers re-derives the ids of added tokens missing from the model vocabulary from the vocabulary's
        // size, which the new tokens change: pin each such added token into the model vocabulary at its own id.
        int pinned = 0;
        if (_added.Count > 0)
        {
            foreach (var (id, content) in Base.AddedTokens)
            {
                if (vocab.ContainsKey(content)) continue;
                vocab[content] = id;
                pinned++;
            }
        }

        foreach (var (l, r) in _newMerges) merges.Add(arrays ? new JsonArray(l, r) : (JsonNode)(l + " " + r));
        return new ExpansionReport(
            _added.Count,
            _added.Count > 0 ? _added[0].Id : null,
            _added.Count > 0 ? _added[^1].Id : null,
            _sizeBefore,
            _nextId,
            _newMerges.Count,
            _bridges,
            pinned,
            _skipped,
            _added);
    }

    private void AddToken(string token)
    {
        _vocab[token] = _nextId;
        _added.Add(new AddedVocabularyToken(_nextId, token));
        _nextId++;
    }

    /// <summary>True when the token's text (bytes for byte-level, ▁ read as a space) has a non-ASCII character.</summary>
    private bool HasNonAscii(string token)
    {
        switch (Base.Flavor)
        {
            case VocabFlavor.ByteLevel:
                return token.Any(c => Array.IndexOf(ByteLevelAlphabet.ByteToChar, c) is < 0 or >= 0x80);
            case VocabFlavor.Metaspace when token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>':
                return token[3] >= '8';
            case VocabFlavor.Metaspace:
                return token.Any(c => c > 0x7F && c != '\u2581');
            default:
                return !Ascii.IsValid(token);
        }
    }
}
