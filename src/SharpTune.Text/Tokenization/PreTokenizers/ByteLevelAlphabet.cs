using System.Text;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>GPT-2's reversible byte ↔ printable-character table (`bytes_to_unicode`).</summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = BuildTable();
    private static readonly short[] CharToByteTable = BuildReverse();

    private static char[] BuildTable()
    {
        var table = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= 33 and <= 126 or >= 161 and <= 172 or >= 174;
            table[b] = printable ? (char)b : (char)(256 + extra++);
        }
        return table;
    }

    private static short[] BuildReverse()
    {
        var r = new short[324];
        Array.Fill(r, (short)-1);
        for (int b = 0; b < 256; b++) r[ByteToChar[b]] = (short)b;
        return r;
    }

    /// <summary>The byte a byte-level character stands for, or -1.</summary>
    public static int CharToByte(char c) => c < CharToByteTable.Length ? CharToByteTable[c] : -1;

    /// <summary>Worst-case mapped length of <paramref name="length"/> UTF-16 chars.</summary>
    public static int MaxMappedLength(int length) => length * 3;

    /// <summary>UTF-8 encodes <paramref name="text"/> and writes one alphabet char per byte; returns the count.</summary>
    public static int Map(ReadOnlySpan<char> text, Span<char> dest)
    {
        int n = 0;
        Span<byte> buf = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                dest[n++] = ByteToChar[c];
                continue;
            }
            Rune rune;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                rune = new Rune(c, text[i + 1]);
                i++;
            }
            else
            {
                rune = Rune.IsValid(c) ? new Rune(c) : Rune.ReplacementChar;
            }
            int len = rune.EncodeToUtf8(buf);
            for (int k = 0; k < len; k++) dest[n++] = ByteToChar[buf[k]];
        }
        return n;
    }

    /// <summary>Maps aligned text: every byte char takes the span of the character it encodes.</summary>
    public static Normalizers.AlignedText MapAligned(Normalizers.AlignedText text)
    {
        var b = new Normalizers.AlignedText.Builder(text.Text.Length * 2);
        Span<char> buf = stackalloc char[8];
        for (int i = 0; i < text.Text.Length; i++)
        {
            int len = char.IsHighSurrogate(text.Text[i]) && i + 1 < text.Text.Length && char.IsLowSurrogate(text.Text[i + 1]) ? 2 : 1;
            int n = Map(text.Text.AsSpan(i, len), buf);
            b.Append(new string(buf[..n]), text.Start[i], text.End[i]);
            i += len - 1;
        }
        return b.Build();
    }

    public static string Map(ReadOnlySpan<char> text)
    {
        var dest = text.Length <= 256 ? stackalloc char[MaxMappedLength(text.Length)] : new char[MaxMappedLength(text.Length)];
        int n = Map(text, dest);
        return new string(dest[..n]);
    }
}
