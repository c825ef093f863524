using System.Text;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Seeded random strings mixing scripts, astral characters, whitespace runs, digits and special-token fragments.</summary>
internal static class RandomTextGenerator
{
    private static readonly string[] Fragments =
    [
        "hello", "World", "the", "DON'T", "it's", "'ll", "'Re", "naïve", "Amélie", "İSTANBUL", "ΣΟΦΙΑ", "𐐀𐐁", "e\u0301", "ﬁ", "Ａｂｃ",
        " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n ", "\u00A0", "\u3000", "\u2028", "\u0085", "\u200B",
        "0", "7", "42", "2024", "3.14", "1,000,000", "٣٤", "Ⅻ", "½",
        "สวัสดีครับ", "ภาษาไทย", "你好", "世界和平", "日本語の", "한국어", "Привет", "مرحبا", "ελληνικά", "हिन्दी",
        "😀", "👍🏽", "👨‍👩‍👧", "🇹🇭", "𝐀𝐁𝐂", "𝒳", "𠀋", "𝟘𝟙",
        "<|im_end|>", "<|im_start|>", "<x>", " <y> ", "word", " word ", "Hello", "½word", "word²", "Ⓐword", "word\u200D", "<|endoftext|>", "<|im_", "|>", "<s>", "</s>", "<unk>", "<", ">", "▁", "Ġ",
        ".", ",", "!?", "...", "--", "(", ")", "{}", "\"", "'", "`", "#", "@", "$", "%", "&&", "->", "::", "\\",
    ];

    public static List<string> Generate(int seed, int count)
    {
        var rng = new Random(seed);
        var result = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var sb = new StringBuilder();
            int parts = rng.Next(1, 14);
            for (int p = 0; p < parts; p++)
            {
                if (rng.Next(8) == 0) sb.Append(char.ConvertFromUtf32(RandomCodePoint(rng)));
                else sb.Append(Fragments[rng.Next(Fragments.Length)]);
            }
            result.Add(sb.ToString());
        }
        return result;
    }

    private static int RandomCodePoint(Random rng) => rng.Next(6) switch
    {
        0 => rng.Next(0x20, 0x7F),
        1 => rng.Next(0xA0, 0x800),
        2 => rng.Next(0x0E00, 0x0E7F),
        3 => rng.Next(0x4E00, 0x9FFF),
        4 => rng.Next(0x1F300, 0x1FAFF),
        _ => rng.Next(0x10000, 0x2FFFF),
    };
}
