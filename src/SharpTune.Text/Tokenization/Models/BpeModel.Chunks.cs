namespace SharpTune.Text.Tokenization.Models;

/// <summary>
/// Exact speed-up for SentencePiece-style models without a pre-tokenizer, where a whole line is one "word":
/// the word is cut before a `▁` when no vocabulary token contains the preceding character followed by `▁`.
/// No merge can then cross the cut, so BPE on the pieces equals BPE on the word, and each piece hits the cache.
/// Off when a cut could change the result: ignore_merges, word affixes, possible unk fusing, `▁` not a token;
/// never after a character that is not itself a token.
/// </summary>
internal sealed partial class BpeModel
{
    private const char MetaSpace = '\u2581';
    private const int ChunkThreshold = 48;

    /// <summary>Code points c such that some token contains "c▁" (c ≠ ▁); null when chunking is off.</summary>
    private HashSet<int>? _joinsWithMetaSpace;

    private void InitChunking()
    {
        bool unkCanFuse = Options.UnkToken is not null && Options.FuseUnk && !(Options.ByteFallback && _byteIds.All(id => id >= 0));
        if (Options.IgnoreMerges || _affixes || unkCanFuse || _bmpIds[MetaSpace] < 0) return;
        var joins = new HashSet<int>();
        foreach (var token in _vocab.Keys)
        {
            for (int k = 1; k < token.Length; k++)
            {
                if (token[k] != MetaSpace || token[k - 1] == MetaSpace) continue;
                joins.Add(CodePointEndingAt(token, k - 1));
            }
        }
        _joinsWithMetaSpace = joins;
    }

    private static int CodePointEndingAt(ReadOnlySpan<char> s, int i) =>
        char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1]) ? char.ConvertToUtf32(s[i - 1], s[i]) : s[i];

    /// <summary>Tokenizes a long word piece by piece when safe; returns false when it did nothing.</summary>
    private bool TryTokenizeInChunks(ReadOnlySpan<char> word, List<int> output)
    {
        if (_joinsWithMetaSpace is null || word.Length <= ChunkThreshold || word[1..].IndexOf(MetaSpace) < 0) return false;
        int start = 0;
        for (int i = 1; i < word.Length; i++)
        {
            if (word[i] != MetaSpace || word[i - 1] == MetaSpace) continue;
            int cp = CodePointEndingAt(word, i - 1);
            // A character outside the vocabulary becomes byte-fallback tokens, whose merges the scan above cannot see.
            if (_joinsWithMetaSpace.Contains(cp) || (cp < 0x10000 ? _bmpIds[cp] : _astralIds.GetValueOrDefault(cp, -1)) < 0) continue;
            TokenizeCached(word[start..i], output);
            start = i;
        }
        TokenizeCached(word[start..], output);
        return true;
    }
}
