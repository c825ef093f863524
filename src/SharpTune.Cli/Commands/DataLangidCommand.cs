using System.CommandLine;
using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune data langid --train LANG=FILE[:FIELD] … --output PROFILE`: build a language-identifier profile.</summary>
internal static class DataLangidCommand
{
    public static Command Create()
    {
        var train = new Option<string[]>("--train")
        {
            Description = "LANG=FILE for a text file (one text per line) or LANG=FILE:FIELD for a JSONL(.gz) field; repeat per file (several per language allowed).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var top = new Option<int>("--top") { Description = "Trigrams kept per language.", DefaultValueFactory = _ => 3000 };
        var maxChars = new Option<int>("--max_chars") { Description = "Characters read per file.", DefaultValueFactory = _ => 1_000_000 };
        var output = new Option<string>("--output") { Description = "Profile file (.tsv.gz).", Required = true };
        var cmd = new Command("langid", "Train the character-trigram language identifier used by the language scores.");
        foreach (var o in new Option[] { train, top, maxChars, output }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            int limit = parse.GetValue(maxChars);
            var sources = parse.GetValue(train)!.Select(spec =>
            {
                int eq = spec.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new ArgumentException($"--train '{spec}': expected LANG=FILE or LANG=FILE:FIELD.");
                string lang = spec[..eq], rest = spec[(eq + 1)..];
                int colon = rest.LastIndexOf(':');
                (string file, string? field) = colon > 0 && !File.Exists(rest) ? (rest[..colon], rest[(colon + 1)..]) : (rest, null);
                return (lang, Texts: Limit(LanguageProfileTrainer.ReadTexts(file, field), limit));
            });
            var grouped = sources.GroupBy(s => s.lang, StringComparer.Ordinal)
                .Select(g => (g.Key, g.SelectMany(s => s.Texts))).ToList();
            string profile = LanguageProfileTrainer.Build(grouped, parse.GetValue(top), int.MaxValue);
            LanguageProfileTrainer.Save(profile, parse.GetValue(output)!);
            Console.Out.WriteLine($"wrote {parse.GetValue(output)} ({grouped.Count} languages)");
            return 0;
        });
        return cmd;
    }

    static IEnumerable<string> Limit(IEnumerable<string> texts, int maxChars)
    {
        long chars = 0;
        foreach (string t in texts)
        {
            yield return t;
            chars += t.Length;
            if (chars >= maxChars) yield break;
        }
    }
}
