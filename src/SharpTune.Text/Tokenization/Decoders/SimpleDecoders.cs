using System.Globalization;
using System.Text;
using System.Text.Json;
using SharpTune.Text.Tokenization.PreTokenizers;
using static SharpTune.Text.Tokenization.Serialization.JsonWriting;

namespace SharpTune.Text.Tokenization.Decoders;

/// <summary>`ByteLevel`: alphabet chars → bytes → UTF-8 (invalid sequences become U+FFFD); one output piece.</summary>
internal sealed class ByteLevelDecoder(bool addPrefixSpace, bool trimOffsets, bool useRegex) : Decoder
{
    public override List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var t in tokens)
        {
            int start = bytes.Count;
            bool ok = true;
            foreach (char c in t)
            {
                int b = ByteLevelAlphabet.CharToByte(c);
                if (b < 0)
                {
                    ok = false;
                    break;
                }
                bytes.Add((byte)b);
            }
            if (!ok)
            {
                bytes.RemoveRange(start, bytes.Count - start);
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(t));
            }
        }
        return [System.Text.Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes))];
    }

    public override void Write(Utf8JsonWriter w) => ByteLevelPreTokenizer.WriteJson(w, addPrefixSpace, trimOffsets, useRegex);
}

/// <summary>`Metaspace`: replacement → space, dropping it at the start of the first token unless scheme is never.</summary>
internal sealed class MetaspaceDecoder(char replacement, string prependScheme, bool split) : Decoder
{
    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            var sb = new StringBuilder(tokens[i].Length);
            foreach (char c in tokens[i])
            {
                if (c != replacement) sb.Append(c);
                else if (i != 0 || prependScheme == "never") sb.Append(' ');
            }
            result.Add(sb.ToString());
        }
        return result;
    }

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Metaspace", x =>
    {
        x.WriteString("replacement", replacement.ToString());
        x.WriteString("prepend_scheme", prependScheme);
        x.WriteBoolean("split", split);
    });
}

/// <summary>`ByteFallback`: runs of `&lt;0xNN&gt;` tokens become UTF-8 text, or one U+FFFD per byte if invalid.</summary>
internal sealed class ByteFallbackDecoder : Decoder
{
    private static readonly UTF8Encoding Strict = new(false, true);

    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (var t in tokens)
        {
            if (t.Length == 6 && t.StartsWith("<0x", StringComparison.Ordinal) && t[5] == '>'
                && byte.TryParse(t.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                pending.Add(b);
                continue;
            }
            Flush(pending, result);
            result.Add(t);
        }
        Flush(pending, result);
        return result;
    }

    private static void Flush(List<byte> pending, List<string> result)
    {
        if (pending.Count == 0) return;
        try
        {
            result.Add(Strict.GetString(pending.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            for (int i = 0; i < pending.Count; i++) result.Add("\uFFFD");
        }
        pending.Clear();
    }

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "ByteFallback");
}

/// <summary>`Fuse`: concatenates every token into one piece.</summary>
internal sealed class FuseDecoder : Decoder
{
    public override List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Fuse");
}

/// <summary>`Strip`: removes up to start / stop occurrences of one char at each token's ends.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : Decoder
{
    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        foreach (var t in tokens)
        {
            var runes = t.EnumerateRunes().ToArray();
            int startCut = 0;
            for (int i = 0; i < Math.Min(start, runes.Length) && runes[i].Value == content; i++) startCut = i + 1;
            int stopCut = runes.Length;
            for (int i = 0; i < stop && runes.Length - i - 1 >= 0 && runes[runes.Length - i - 1].Value == content; i++) stopCut = runes.Length - i - 1;
            var sb = new StringBuilder();
            for (int i = startCut; i < stopCut; i++) sb.Append(runes[i].ToString());
            result.Add(sb.ToString());
        }
        return result;
    }

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Strip", x =>
    {
        x.WriteString("content", content.ToString());
        x.WriteNumber("start", start);
        x.WriteNumber("stop", stop);
    });
}

/// <summary>`Replace`: replaces a pattern inside every token.</summary>
internal sealed class ReplaceDecoder(Pattern pattern, string content) : Decoder
{
    public override List<string> DecodeChain(List<string> tokens) => tokens.Select(t => pattern.Replace(t, content)).ToList();

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Replace", x =>
    {
        x.WritePropertyName("pattern");
        pattern.Write(x);
        x.WriteString("content", content);
    });
}

/// <summary>`Sequence`: chains decoders.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<Decoder> steps) : Decoder
{
    public override List<string> DecodeChain(List<string> tokens)
    {
        foreach (var s in steps) tokens = s.DecodeChain(tokens);
        return tokens;
    }

    public override void Write(Utf8JsonWriter w) =>
        WriteTyped(w, "Sequence", x => WriteArray(x, "decoders", steps, (s, y) => s.Write(y)));
}
