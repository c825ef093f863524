using System.Buffers;
using SharpTune.Text.Tokenization.PreTokenizers;

namespace SharpTune.Text.Tokenization;

/// <summary>Encoding: added tokens → normalizer → pre-tokenizer → BPE → post-processor.</summary>
public sealed partial class Tokenizer
{
    /// <summary>Encodes one text. Special-token strings in the text are matched as added tokens.</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecialTokens">Apply the post-processor template (e.g. BOS for Llama).</param>
    public Encoding Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        EncodeInto(text, ids);
        var tokens = new List<string>(ids.Count);
        foreach (var id in ids) tokens.Add(IdToToken(id) ?? string.Empty);
        if (addSpecialTokens) _postProcessor?.Apply(ids, tokens);
        return new Encoding(ids.ToArray(), tokens.ToArray(), () => ComputeOffsets(text, addSpecialTokens));
    }

    /// <summary>Encodes to ids only (no token strings): the fast path for training data.</summary>
    public int[] EncodeToIds(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        EncodeInto(text, ids);
        if (addSpecialTokens) _postProcessor?.Apply(ids, null);
        return ids.ToArray();
    }

    /// <summary>Encodes many texts in parallel; result i belongs to texts[i].</summary>
    public int[][] EncodeBatch(IReadOnlyList<string> texts, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new int[texts.Count][];
        Parallel.For(0, texts.Count, () => new List<int>(256), (i, _, ids) =>
        {
            ids.Clear();
            EncodeInto(texts[i], ids);
            if (addSpecialTokens) _postProcessor?.Apply(ids, null);
            result[i] = ids.ToArray();
            return ids;
        }, _ => { });
        return result;
    }

    private void EncodeInto(string text, List<int> ids)
    {
        if (text.Length == 0) return;
        if (_rawMatcher.IsEmpty)
        {
            EncodeNormalizable(text, atOrigin: true, ids);
            return;
        }
        var segments = new List<(int Start, int End, AddedToken? Token)>();
        _rawMatcher.Split(text, segments);
        foreach (var (start, end, token) in segments)
        {
            if (token is not null) ids.Add(token.Id);
            else EncodeNormalizable(start == 0 && end == text.Length ? text : text[start..end], start == 0, ids);
        }
    }

    private void EncodeNormalizable(string segment, bool atOrigin, List<int> ids)
    {
        string normalized = _normalizer?.Normalize(segment) ?? segment;
        if (_normalizedMatcher.IsEmpty)
        {
            EncodePieces(Piece.Whole(normalized, atOrigin), ids);
            return;
        }
        var segments = new List<(int Start, int End, AddedToken? Token)>();
        _normalizedMatcher.Split(normalized, segments);
        foreach (var (start, end, token) in segments)
        {
            if (token is not null) ids.Add(token.Id);
            else EncodePieces(new Piece(normalized, start, end - start, atOrigin && start == 0), ids);
        }
    }

    private void EncodePieces(Piece piece, List<int> ids)
    {
        if (piece.Length == 0) return;
        if (_preTokenizer is null)
        {
            ModelTokenize(piece.Span, ids);
            return;
        }
        var pieces = new List<Piece>(piece.Length / 4 + 2);
        _preTokenizer.Run([piece], pieces);
        foreach (var p in pieces) ModelTokenize(p.Span, ids);
    }

    private void ModelTokenize(ReadOnlySpan<char> word, List<int> ids)
    {
        if (!_byteLevelInput)
        {
            _model.Tokenize(word, ids);
            return;
        }
        int max = ByteLevelAlphabet.MaxMappedLength(word.Length);
        char[]? rented = max > 512 ? ArrayPool<char>.Shared.Rent(max) : null;
        Span<char> buf = rented is null ? stackalloc char[max] : rented;
        int n = ByteLevelAlphabet.Map(word, buf);
        _model.Tokenize(buf[..n], ids);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
    }
}
