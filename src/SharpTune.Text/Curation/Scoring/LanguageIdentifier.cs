using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// A character-trigram naive Bayes language identifier. The bundled profile (en, es, th, zh; see
/// Curation/Data/README.md) is trained from the project's public texts by <see cref="LanguageProfileTrainer"/>; a
/// user can train and pass their own. Text is lower-cased, every non-letter becomes a space, and the trigrams of
/// " text " are scored against each language's smoothed trigram log-probabilities.
/// </summary>
public sealed class LanguageIdentifier
{
    private const string Magic = "# sharptune langid profile v1";
    private readonly Dictionary<ulong, int> _index;
    private readonly float[] _logProb;   // (trigram, language) row-major
    private readonly float[] _floor;     // per language: log-probability of an unseen trigram

    private LanguageIdentifier(string[] languages, Dictionary<ulong, int> index, float[] logProb, float[] floor)
    {
        Languages = languages;
        _index = index;
        _logProb = logProb;
        _floor = floor;
    }

    /// <summary>The language codes of the profile, in its order.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>The bundled profile (loaded once).</summary>
    public static LanguageIdentifier Default => DefaultInstance.Value;

    private static readonly Lazy<LanguageIdentifier> DefaultInstance = new(() =>
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("SharpTune.Text.langid_profile.tsv.gz")
            ?? throw new InvalidOperationException("The bundled language profile is missing from SharpTune.Text.");
        using var gz = new GZipStream(s, CompressionMode.Decompress);
        return Load(gz, "the bundled language profile");
    });

    /// <summary>Reads a profile file (gzip-compressed when it ends in .gz).</summary>
    public static LanguageIdentifier Load(string path)
    {
        using var file = File.OpenRead(path);
        using Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return Load(s, path);
    }

    /// <summary>Reads a profile: a header line, one "@lang TOTAL" line per language, then "lang TAB trigram TAB count" lines.</summary>
    public static LanguageIdentifier Load(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        if (reader.ReadLine() != Magic) throw new FormatException($"{name}: line 1 must be '{Magic}'.");
        var languages = new List<string>();
        var totals = new List<double>();
        var counts = new Dictionary<ulong, Dictionary<int, double>>();
        int lineNo = 1;
        for (string? line; (line = reader.ReadLine()) != null;)
        {
            lineNo++;
            if (line.Length == 0) continue;
            var parts = line.Split('\t');
            if (parts[0].StartsWith('@') && parts.Length == 2 && double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out double total))
            {
                languages.Add(parts[0][1..]);
                totals.Add(total);
            }
            else if (parts.Length == 3 && languages.IndexOf(parts[0]) is >= 0 and var lang && parts[1].Length == 3
                     && double.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out double count) && count > 0)
            {
                ulong key = Pack(parts[1][0], parts[1][1], parts[1][2]);
                if (!counts.TryGetValue(key, out var row)) counts[key] = row = [];
                row[lang] = count;
            }
            else throw new FormatException($"{name}: line {lineNo} must be '@LANG<TAB>TOTAL' or 'LANG<TAB>TRIGRAM<TAB>COUNT' for a declared language.");
        }
        if (languages.Count == 0) throw new FormatException($"{name}: no '@LANG' lines; expected at least one language.");

        // A trigram outside a language's kept list is rarer than its least frequent kept one: it gets half that
        // count, so that a profile cut to its top trigrams does not punish common words missing from one list.
        int n = languages.Count;
        var minCount = Enumerable.Repeat(double.MaxValue, n).ToArray();
        foreach (var row in counts.Values) foreach (var (l, c) in row) minCount[l] = Math.Min(minCount[l], c);
        var floor = new float[n];
        for (int l = 0; l < n; l++) floor[l] = (float)Math.Log(0.5 * (minCount[l] == double.MaxValue ? 1 : minCount[l]) / totals[l]);
        var index = new Dictionary<ulong, int>(counts.Count);
        var logProb = new float[counts.Count * n];
        foreach (var (key, row) in counts)
        {
            int t = index.Count;
            index[key] = t;
            for (int l = 0; l < n; l++)
                logProb[t * n + l] = row.TryGetValue(l, out double c) ? (float)Math.Log(c / totals[l]) : floor[l];
        }
        return new LanguageIdentifier([.. languages], index, logProb, floor);
    }

    /// <summary>
    /// The posterior probability (uniform prior) that <paramref name="text"/> is in <paramref name="language"/>;
    /// NaN when the language is not in the profile or the text has no trigram with a letter.
    /// </summary>
    public double Probability(string text, string language)
    {
        int target = IndexOf(language);
        if (target < 0) return double.NaN;
        Span<double> scores = stackalloc double[Languages.Count];
        if (!LogLikelihoods(text, scores)) return double.NaN;
        double max = double.NegativeInfinity;
        foreach (double s in scores) max = Math.Max(max, s);
        double sum = 0;
        foreach (double s in scores) sum += Math.Exp(s - max);
        return Math.Exp(scores[target] - max) / sum;
    }

    /// <summary>The most likely language of <paramref name="text"/>, or null when it has no letters.</summary>
    public string? Identify(string text)
    {
        Span<double> scores = stackalloc double[Languages.Count];
        if (!LogLikelihoods(text, scores)) return null;
        int best = 0;
        for (int l = 1; l < scores.Length; l++) if (scores[l] > scores[best]) best = l;
        return Languages[best];
    }

    int IndexOf(string language)
    {
        string code = language.Split('-', '_')[0].ToLowerInvariant();
        for (int i = 0; i < Languages.Count; i++) if (Languages[i] == code) return i;
        return -1;
    }

    bool LogLikelihoods(string text, Span<double> scores)
    {
        scores.Clear();
        int n = Languages.Count, seen = 0;
        char a = ' ', b = ' ';
        foreach (char raw in Normalize(text))
        {
            char c = raw;
            if (!(a == ' ' && b == ' '))
            {
                seen++;
                if (_index.TryGetValue(Pack(a, b, c), out int t))
                    for (int l = 0; l < n; l++) scores[l] += _logProb[t * n + l];
                else
                    for (int l = 0; l < n; l++) scores[l] += _floor[l];
            }
            (a, b) = (b, c);
        }
        return seen > 0;
    }

    /// <summary>The character stream the trigrams are taken from: lower-case letters, single spaces, padded.</summary>
    internal static IEnumerable<char> Normalize(string text)
    {
        bool space = true;
        foreach (char c in text)
        {
            if (char.IsLetter(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)
            {
                yield return char.ToLowerInvariant(c);
                space = false;
            }
            else if (!space)
            {
                yield return ' ';
                space = true;
            }
        }
        if (!space) yield return ' ';
    }

    internal static ulong Pack(char a, char b, char c) => ((ulong)a << 32) | ((ulong)b << 16) | c;
}
