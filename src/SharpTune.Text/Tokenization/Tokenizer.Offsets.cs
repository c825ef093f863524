using SharpTune.Text.Tokenization.Normalizers;
using SharpTune.Text.Tokenization.PreTokenizers;

namespace SharpTune.Text.Tokenization;

/// <summary>Token offsets: the encoding pipeline again, carrying each unit's original span (Rust alignments).</summary>
public sealed partial class Tokenizer
{
    private List<(int Start, int End)> ComputeOffsets(string text, bool addSpecialTokens)
    {
        var ids = new List<int>();
        var offsets = new List<(int, int)>();
        var segments = new List<(int Start, int End, AddedToken? Token)>();
        if (_rawMatcher.IsEmpty) segments.Add((0, text.Length, null));
        else _rawMatcher.Split(text, segments);
        foreach (var (start, end, token) in segments)
        {
            if (token is not null)
            {
                ids.Add(token.Id);
                offsets.Add((start, end));
                continue;
            }
            var original = AlignedText.Original(text[start..end], start);
            var normalized = _normalizer?.NormalizeAligned(original) ?? original;
            var inner = new List<(int Start, int End, AddedToken? Token)>();
            if (_normalizedMatcher.IsEmpty) inner.Add((0, normalized.Text.Length, null));
            else _normalizedMatcher.Split(normalized.Text, inner);
            foreach (var (s, e, t) in inner)
            {
                if (t is not null)
                {
                    ids.Add(t.Id);
                    offsets.Add((normalized.Start[s], normalized.End[e - 1]));
                }
                else if (e > s)
                {
                    OffsetsOfPiece(new Piece(normalized.Text, s, e - s, start == 0 && s == 0, normalized), ids, offsets);
                }
            }
        }
        if (_postProcessor is { TrimOffsets: true }) TrimByteLevelOffsets(ids, offsets);
        if (addSpecialTokens && _postProcessor is not null)
        {
            offsets.InsertRange(0, Enumerable.Repeat((0, 0), _postProcessor.PrefixCount));
            offsets.AddRange(Enumerable.Repeat((0, 0), _postProcessor.SuffixCount));
        }
        return offsets;
    }

    private void OffsetsOfPiece(Piece piece, List<int> ids, List<(int, int)> offsets)
    {
        var pieces = new List<Piece>();
        if (_preTokenizer is null) pieces.Add(piece);
        else _preTokenizer.Run([piece], pieces);
        var spans = new List<(int Start, int End)>();
        foreach (var p in pieces)
        {
            var align = p.Align!;
            spans.Clear();
            if (!_byteLevelInput)
            {
                _model.TokenizeWithSpans(p.Span, ids, spans);
                foreach (var (s, e) in spans) offsets.Add((align.Start[p.Start + s], align.End[p.Start + e - 1]));
                continue;
            }
            // Byte-level input: unit k of the mapped word is byte k; source[k] is the piece char it encodes.
            var mapped = ByteLevelAlphabet.MapAligned(p.Aligned());
            _model.TokenizeWithSpans(mapped.Text, ids, spans);
            foreach (var (s, e) in spans) offsets.Add((mapped.Start[s], mapped.End[e - 1]));
        }
    }

    /// <summary>Rust `byte_level::process_offsets`: drop leading / trailing (byte-level) spaces from each token's offsets.</summary>
    private void TrimByteLevelOffsets(List<int> ids, List<(int Start, int End)> offsets)
    {
        char space = ByteLevelAlphabet.ByteToChar[' '];
        for (int i = 0; i < ids.Count; i++)
        {
            var token = IdToToken(ids[i]) ?? string.Empty;
            int leading = 0, trailing = 0;
            while (leading < token.Length && (token[leading] == space || char.IsWhiteSpace(token[leading]))) leading++;
            while (trailing < token.Length && (token[^(trailing + 1)] == space || char.IsWhiteSpace(token[^(trailing + 1)]))) trailing++;
            var (start, end) = offsets[i];
            if (leading > 0)
            {
                bool isFirst = i == 0 || start == 0;
                if (isFirst && _postProcessor!.TrimKeepsPrefixSpace && leading == 1) leading = 0;
                start = Math.Min(start + leading, end);
            }
            if (trailing > 0 && end >= trailing) end = Math.Max(end - trailing, start);
            offsets[i] = (start, end);
        }
    }
}
