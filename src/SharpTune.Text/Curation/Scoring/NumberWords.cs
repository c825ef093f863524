using System.Globalization;

namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// Numbers written as words (cardinals and ordinals, with Spanish gender and plural forms) in English, Spanish and
/// Thai, and upper-case Roman numerals of two or more letters (II, XIV) in Latin-script text, so that the numbers check
/// accepts "3rd" → "terceros", "2 files" → "dos archivos", "two files" → "2 archivos" or "Region II" → "ภาค 2".
/// Only a digit number without a counterpart on the other side is looked up; the words never count as numbers
/// themselves, so a side that merely spells a number is not penalised.
/// </summary>
public static class NumberWords
{
    private static readonly Dictionary<string, long> English = Build(
        "zero 0 one 1 two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9 ten 10 eleven 11 twelve 12 thirteen 13 fourteen 14 fifteen 15 "
        + "sixteen 16 seventeen 17 eighteen 18 nineteen 19 twenty 20 thirty 30 forty 40 fifty 50 sixty 60 seventy 70 eighty 80 ninety 90 "
        + "hundred 100 thousand 1000 million 1000000 billion 1000000000 dozen 12 single 1 double 2 triple 3 half 2 twice 2 once 1 "
        + "first 1 second 2 third 3 fourth 4 fifth 5 sixth 6 seventh 7 eighth 8 ninth 9 tenth 10 eleventh 11 twelfth 12 thirteenth 13 "
        + "fourteenth 14 fifteenth 15 twentieth 20 thirtieth 30 fortieth 40 fiftieth 50 hundredth 100 thousandth 1000", []);

    private static readonly Dictionary<string, long> Spanish = Build(
        "cero 0 un 1 uno 1 una 1 dos 2 tres 3 cuatro 4 cinco 5 seis 6 siete 7 ocho 8 nueve 9 diez 10 once 11 doce 12 trece 13 catorce 14 "
        + "quince 15 dieciséis 16 diecisiete 17 dieciocho 18 diecinueve 19 veinte 20 veintiuno 21 veintidós 22 treinta 30 cuarenta 40 "
        + "cincuenta 50 sesenta 60 setenta 70 ochenta 80 noventa 90 cien 100 ciento 100 mil 1000 millón 1000000 millones 1000000 "
        + "doble 2 triple 3 medio 2 mitad 2 docena 12 primer 1 tercer 3",
        // Ordinals: masculine and feminine, singular and plural.
        ["primer 1", "segund 2", "tercer 3", "cuart 4", "quint 5", "sext 6", "séptim 7", "sétim 7", "octav 8", "noven 9", "décim 10",
         "undécim 11", "duodécim 12", "vigésim 20", "trigésim 30", "centésim 100", "milésim 1000"]);

    private static readonly (string Word, long Value)[] Thai =
    [
        ("ศูนย์", 0), ("หนึ่ง", 1), ("สอง", 2), ("สาม", 3), ("สี่", 4), ("ห้า", 5), ("หก", 6), ("เจ็ด", 7), ("แปด", 8), ("เก้า", 9),
        ("สิบ", 10), ("ยี่สิบ", 20), ("ร้อย", 100), ("พัน", 1000), ("หมื่น", 10000), ("แสน", 100000), ("ล้าน", 1000000),
    ];

    /// <summary>The values of the number words in <paramref name="text"/> written in <paramref name="language"/> (every known language when null).</summary>
    public static List<long> Values(string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(text);
        string lang = language?.ToLowerInvariant() ?? "";
        var values = new List<long>();
        if (lang is "th" or "")
            foreach (var (word, value) in Thai)
                for (int at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
                    values.Add(value);
        if (lang is "th") return values;
        var tables = lang switch { "en" => [English], "es" => [Spanish], _ => new[] { English, Spanish } };
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0) start = i;
            if (letter || start < 0) continue;
            string token = text[start..i];
            string word = token.ToLower(CultureInfo.InvariantCulture);
            long v = Roman(token);
            foreach (var table in tables)
                if (table.TryGetValue(word, out long spelled)) { v = spelled; break; }
            if (v >= 0) values.Add(v);
            start = -1;
        }
        return values;
    }

    /// <summary>The value of a canonical upper-case Roman numeral of 2+ letters (XIV = 14), else −1.</summary>
    public static long Roman(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length < 2 || token.Length > 15 || token.AsSpan().IndexOfAnyExcept("IVXLCDM") >= 0) return -1;
        long value = 0;
        for (int i = 0; i < token.Length; i++)
        {
            int v = RomanDigit(token[i]);
            value += i + 1 < token.Length && v < RomanDigit(token[i + 1]) ? -v : v;
        }
        return value is > 0 and < 4000 && ToRoman((int)value) == token ? value : -1;
    }

    static int RomanDigit(char c) => c switch { 'I' => 1, 'V' => 5, 'X' => 10, 'L' => 50, 'C' => 100, 'D' => 500, _ => 1000 };

    static string ToRoman(int value)
    {
        (int Value, string Numeral)[] steps = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
        var sb = new System.Text.StringBuilder();
        foreach (var (v, n) in steps)
            while (value >= v) { sb.Append(n); value -= v; }
        return sb.ToString();
    }

    static Dictionary<string, long> Build(string pairs, string[] ordinalStems)
    {
        var table = new Dictionary<string, long>(StringComparer.Ordinal);
        var items = pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < items.Length; i += 2) table[items[i]] = long.Parse(items[i + 1], CultureInfo.InvariantCulture);
        foreach (string entry in ordinalStems)
        {
            var parts = entry.Split(' ');
            long value = long.Parse(parts[1], CultureInfo.InvariantCulture);
            foreach (string ending in new[] { "o", "a", "os", "as" }) table[parts[0] + ending] = value;
        }
        return table;
    }
}
