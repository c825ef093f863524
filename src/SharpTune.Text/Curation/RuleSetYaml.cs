using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SharpTune.Text.Curation;

/// <summary>
/// Reads a rules file:
/// <code>
/// scorers:
///   length_ratio: { threshold: 1.2 }
///   end_punct: { weight: 0 }
///   lang_tgt: { enabled: false }
///   urls: { hard: true }
/// </code>
/// An unknown key is an error naming the file, line and the closest valid key.
/// </summary>
public static class RuleSetYaml
{
    private static readonly string[] Keys = ["enabled", "threshold", "hard", "weight"];

    /// <summary>Loads <paramref name="path"/> over the defaults of <paramref name="kind"/> (with the model-based scorers when <paramref name="model"/>).</summary>
    public static RuleSet Load(string path, RecordKind kind, bool model = false)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e) { throw new ArgumentException($"{path}:{e.Start.Line}: not valid YAML ({e.Message}).", e); }
        if (yaml.Documents.Count == 0) return RuleSet.Default(kind, model);
        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new ArgumentException($"{path}: expected a mapping with the key 'scorers'.");
        var overrides = new Dictionary<string, ScorerOverride>(StringComparer.Ordinal);
        foreach (var (k, v) in root.Children)
        {
            string key = ((YamlScalarNode)k).Value ?? "";
            if (key != "scorers") throw new ArgumentException($"{path}:{k.Start.Line}: unknown key '{key}'; expected 'scorers'.");
            if (v is not YamlMappingNode scorers) throw new ArgumentException($"{path}:{v.Start.Line}: 'scorers' must map scorer names to settings.");
            foreach (var (name, settings) in scorers.Children)
                overrides[((YamlScalarNode)name).Value ?? ""] = Parse(path, settings);
        }
        return RuleSet.WithOverrides(kind, overrides, path, model);
    }

    static ScorerOverride Parse(string path, YamlNode node)
    {
        if (node is not YamlMappingNode map) throw new ArgumentException($"{path}:{node.Start.Line}: a scorer's settings must be a mapping of {string.Join(", ", Keys)}.");
        var o = new ScorerOverride();
        foreach (var (k, v) in map.Children)
        {
            string key = ((YamlScalarNode)k).Value ?? "";
            string value = (v as YamlScalarNode)?.Value ?? "";
            int line = (int)v.Start.Line;
            o = key switch
            {
                "enabled" => o with { Enabled = Bool(path, line, key, value) },
                "hard" => o with { Hard = Bool(path, line, key, value) },
                "threshold" => o with { Threshold = Number(path, line, key, value) },
                "weight" => o with { Weight = Number(path, line, key, value) },
                _ => throw new ArgumentException($"{path}:{k.Start.Line}: unknown key '{key}'; did you mean '{RuleSet.Closest(key, Keys)}'?"),
            };
        }
        return o;
    }

    static bool Bool(string path, int line, string key, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"{path}:{line}: '{key}' must be true or false, not '{value}'."),
    };

    static double Number(string path, int line, string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? d : throw new ArgumentException($"{path}:{line}: '{key}' must be a number, not '{value}'.");
}
