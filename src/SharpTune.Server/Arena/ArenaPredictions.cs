using System.Text.Json;

namespace SharpTune.Server.Arena;

/// <summary>
/// Arena items from LLaMA-Factory prediction files (<c>generated_predictions.jsonl</c>: one JSON object per line with
/// <c>prompt</c>, <c>predict</c>, <c>label</c>), one file per model, all over the same prompts in the same order. Item
/// ids are the line numbers from 1, so the same files give the same items in a reopened database.
/// </summary>
internal static class ArenaPredictions
{
    /// <summary>Parses <c>NAME=FILE,NAME=FILE,…</c> (the <c>--predictions</c> / <c>--adapters</c> syntax).</summary>
    public static IReadOnlyList<(string Name, string Path)> ParsePairs(string flag, string value)
    {
        var pairs = new List<(string, string)>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1) throw new ArgumentException($"{flag}: '{part}' is not NAME=PATH");
            pairs.Add((part[..eq], part[(eq + 1)..]));
        }
        if (pairs.Count < 2) throw new ArgumentException($"{flag}: the arena compares at least two models, got {pairs.Count}");
        foreach (var dup in pairs.GroupBy(p => p.Item1).Where(g => g.Count() > 1)) throw new ArgumentException($"{flag}: the name '{dup.Key}' is given twice");
        return pairs;
    }

    public static IReadOnlyList<ArenaItem> Load(IReadOnlyList<(string Name, string Path)> files)
    {
        var perModel = files.Select(f => (f.Name, f.Path, Lines: Read(f.Path))).ToList();
        var first = perModel[0];
        foreach (var other in perModel.Skip(1))
        {
            if (other.Lines.Count != first.Lines.Count)
                throw new InvalidDataException($"{other.Path} has {other.Lines.Count} predictions but {first.Path} has {first.Lines.Count}; the files must cover the same prompts");
            for (int i = 0; i < first.Lines.Count; i++)
                if (other.Lines[i].Prompt != first.Lines[i].Prompt)
                    throw new InvalidDataException($"{other.Path}:{i + 1}: the prompt differs from {first.Path}:{i + 1}; the files must cover the same prompts in the same order");
        }
        if (first.Lines.Count == 0) throw new InvalidDataException($"{first.Path} holds no predictions");
        return first.Lines.Select((line, i) => new ArenaItem((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), line.Prompt,
            perModel.ToDictionary(m => m.Name, m => m.Lines[i].Predict))).ToList();
    }

    static List<(string Prompt, string Predict)> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--predictions: {path} does not exist");
        var lines = new List<(string, string)>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("prompt", out var p) || p.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("predict", out var r) || r.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{path}:{number}: expected an object with string fields \"prompt\" and \"predict\"");
                lines.Add((p.GetString()!, r.GetString()!));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{number}: not valid JSON ({e.Message})", e);
            }
        }
        return lines;
    }
}
