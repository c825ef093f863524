using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace SharpTune.Text.Tokenization.Normalizers;

/// <summary>
/// NFC / NFD / NFKC / NFKD implemented from embedded Unicode tables (Data/unicode_norm.txt.gz), because .NET's
/// <see cref="string.Normalize()"/> is a no-op under InvariantGlobalization. Text without any character that can
/// change under the form is returned as is (the common case), so the cost is one scan.
/// </summary>
internal static class UnicodeNormalization
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Tables Data = Load();

    private sealed class Tables
    {
        public readonly Dictionary<int, byte> Ccc = [];
        public readonly Dictionary<int, (bool Compat, int[] To)> Decomp = [];
        public readonly Dictionary<long, int> Compose = [];
        public readonly Dictionary<int, byte> Unsafe = [];
        public readonly bool[] UnsafeBmpAny = new bool[0x10000];
    }

    public static string Normalize(string s, bool compose, bool compat)
    {
        if (compose && IsQuickYes(s, compat)) return s;
        var cps = new List<int>(s.Length + 8);
        foreach (var rune in s.EnumerateRunes()) Decompose(rune.Value, compat, cps);
        Reorder(cps);
        if (compose) Compose(cps);
        var sb = new StringBuilder(cps.Count);
        foreach (var cp in cps) sb.Append(char.ConvertFromUtf32(cp));
        return sb.ToString();
    }

    private static bool IsQuickYes(string s, bool compat)
    {
        int bit = compat ? 2 : 1;
        char safeBelow = compat ? '\u00A0' : '\u0300';
        var t = Data;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < safeBelow) continue;
            int cp = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                cp = char.ConvertToUtf32(c, s[++i]);
            }
            else if (!t.UnsafeBmpAny[c])
            {
                continue;
            }
            // Decomposing forms change anything with a decomposition (incl. Hangul syllables).
            if (t.Unsafe.TryGetValue(cp, out var flags) && (flags & bit) != 0) return false;
        }
        return true;
    }

    private static void Decompose(int cp, bool compat, List<int> output)
    {
        if (cp is >= SBase and < SBase + SCount)
        {
            int s = cp - SBase;
            output.Add(LBase + s / NCount);
            output.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0) output.Add(TBase + s % TCount);
            return;
        }
        if (Data.Decomp.TryGetValue(cp, out var d) && (compat || !d.Compat))
        {
            foreach (var x in d.To) Decompose(x, compat, output);
            return;
        }
        output.Add(cp);
    }

    internal static int Ccc(int cp) => Data.Ccc.TryGetValue(cp, out var c) ? c : 0;

    private static void Reorder(List<int> cps)
    {
        for (int i = 1; i < cps.Count; i++)
        {
            int c = Ccc(cps[i]);
            if (c == 0) continue;
            int j = i;
            while (j > 0 && Ccc(cps[j - 1]) > c)
            {
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                j--;
            }
        }
    }

    private static void Compose(List<int> cps)
    {
        if (cps.Count == 0) return;
        int lastCcc = Ccc(cps[0]), starter = lastCcc == 0 ? 0 : -1, w = 1;
        for (int i = 1; i < cps.Count; i++)
        {
            int cp = cps[i], ccc = Ccc(cp);
            bool adjacent = w - 1 == starter;
            if (starter >= 0 && (adjacent || (lastCcc != 0 && lastCcc < ccc)) && TryCompose(cps[starter], cp, out int composed))
            {
                cps[starter] = composed;
                continue;
            }
            if (ccc == 0)
            {
                starter = w;
            }
            lastCcc = ccc;
            cps[w++] = cp;
        }
        cps.RemoveRange(w, cps.Count - w);
    }

    private static bool TryCompose(int a, int b, out int composed)
    {
        if (a is >= LBase and < LBase + LCount && b is >= VBase and < VBase + VCount)
        {
            composed = SBase + ((a - LBase) * VCount + (b - VBase)) * TCount;
            return true;
        }
        if (a is >= SBase and < SBase + SCount && (a - SBase) % TCount == 0 && b is > TBase and < TBase + TCount)
        {
            composed = a + (b - TBase);
            return true;
        }
        return Data.Compose.TryGetValue(((long)a << 21) | (uint)b, out composed);
    }

    private static Tables Load()
    {
        var t = new Tables();
        using var stream = typeof(UnicodeNormalization).Assembly.GetManifestResourceStream("SharpTune.Text.unicode_norm.txt.gz")
            ?? throw new InvalidOperationException("embedded resource unicode_norm.txt.gz is missing");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length < 2 || line[0] == '#') continue;
            var f = line.Split(' ');
            int cp = int.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            switch (line[0])
            {
                case 'C': t.Ccc[cp] = byte.Parse(f[2], CultureInfo.InvariantCulture); break;
                case 'D': t.Decomp[cp] = (f[2] == "k", f[3..].Select(x => int.Parse(x, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray()); break;
                case 'P':
                    int b = int.Parse(f[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    t.Compose[((long)cp << 21) | (uint)b] = int.Parse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    break;
                case 'Q':
                    t.Unsafe[cp] = byte.Parse(f[2], CultureInfo.InvariantCulture);
                    if (cp < 0x10000) t.UnsafeBmpAny[cp] = true;
                    break;
            }
        }
        return t;
    }
}
