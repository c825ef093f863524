using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SharpTune.Server.Experiments;

/// <summary>
/// Reads the experiments file:
/// <code>
/// experiments:
///   - name: tone            # unique; also the hash seed
///     alias: assistant      # the model name clients ask for
///     variants: {a: base, b: polite}
///     split: {a: 50, b: 50} # optional (equal shares); any positive scale
/// </code>
/// Every mistake is one error naming the file, the line and the key.
/// </summary>
internal static class ExperimentsFile
{
    static readonly string[] Keys = ["name", "alias", "variants", "split"];

    public static IReadOnlyList<ExperimentDefinition> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"experiments file {path} does not exist");
        var stream = new YamlStream();
        try { using var reader = new StreamReader(path); stream.Load(reader); }
        catch (YamlException e) { throw new InvalidDataException($"{path}:{e.Start.Line}: not valid YAML ({e.Message})", e); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidDataException($"{path}: expected a mapping with the key 'experiments'");
        var list = Child(root, "experiments") as YamlSequenceNode
                   ?? throw new InvalidDataException($"{path}:{root.Start.Line}: expected 'experiments:' with a list of experiments");
        var result = new List<ExperimentDefinition>();
        foreach (var node in list)
        {
            var e = node as YamlMappingNode ?? throw Error(path, node, "each experiment must be a mapping with name, alias, variants and split");
            result.Add(Parse(path, e));
        }
        if (result.Count == 0) throw new InvalidDataException($"{path}: 'experiments' is empty");
        foreach (var dup in result.GroupBy(e => e.Name).Where(g => g.Count() > 1)) throw new InvalidDataException($"{path}: experiment name '{dup.Key}' is used twice");
        foreach (var dup in result.GroupBy(e => e.Alias).Where(g => g.Count() > 1))
            throw new InvalidDataException($"{path}: alias '{dup.Key}' belongs to experiments {string.Join(" and ", dup.Select(e => e.Name))}; an alias can route only one experiment");
        return result;
    }

    static ExperimentDefinition Parse(string path, YamlMappingNode e)
    {
        foreach (var key in e.Children.Keys)
        {
            string k = ((YamlScalarNode)key).Value ?? "";
            if (!Keys.Contains(k)) throw Error(path, key, $"unknown key '{k}' in an experiment (expected one of {string.Join(", ", Keys)})");
        }
        string name = Scalar(path, e, "name");
        string alias = Scalar(path, e, "alias");
        var variantsNode = Child(e, "variants") as YamlMappingNode ?? throw Error(path, e, $"experiment '{name}': 'variants' must be a mapping of key: served model");
        var variants = variantsNode.Children.Select(kv => (Key: ((YamlScalarNode)kv.Key).Value ?? "", Model: (kv.Value as YamlScalarNode)?.Value ?? "", Node: kv.Key)).ToList();
        if (variants.Count < 2) throw Error(path, variantsNode, $"experiment '{name}' needs at least two variants, got {variants.Count}");
        foreach (var v in variants.Where(v => v.Key.Length == 0 || v.Model.Length == 0))
            throw Error(path, v.Node, $"experiment '{name}': variant '{v.Key}' needs a key and a served model name (an adapter or base)");

        var weights = variants.ToDictionary(v => v.Key, _ => 1.0);
        if (Child(e, "split") is { } splitNode)
        {
            var split = splitNode as YamlMappingNode ?? throw Error(path, splitNode, $"experiment '{name}': 'split' must be a mapping of variant: weight");
            foreach (var (k, v) in split.Children)
            {
                string key = ((YamlScalarNode)k).Value ?? "";
                if (!weights.ContainsKey(key)) throw Error(path, k, $"experiment '{name}': split names '{key}', which is not one of the variants {string.Join(", ", weights.Keys)}");
                if (!double.TryParse((v as YamlScalarNode)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double w) || !(w > 0) || double.IsInfinity(w))
                    throw Error(path, v, $"experiment '{name}': split of '{key}' must be a positive number");
                weights[key] = w;
            }
            var missing = weights.Keys.Where(k => !split.Children.Keys.Any(n => ((YamlScalarNode)n).Value == k)).ToList();
            if (missing.Count > 0) throw Error(path, split, $"experiment '{name}': split has no weight for {string.Join(", ", missing)}");
        }
        double total = weights.Values.Sum();
        return new ExperimentDefinition(name, alias, variants.Select(v => new ExperimentVariant(v.Key, v.Model, weights[v.Key] / total)).ToList());
    }

    static YamlNode? Child(YamlMappingNode m, string key) =>
        m.Children.FirstOrDefault(kv => (kv.Key as YamlScalarNode)?.Value == key).Value;

    static string Scalar(string path, YamlMappingNode m, string key) =>
        (Child(m, key) as YamlScalarNode)?.Value is { Length: > 0 } s ? s : throw Error(path, m, $"an experiment needs '{key}:' (a non-empty name)");

    static InvalidDataException Error(string path, YamlNode node, string message) => new($"{path}:{node.Start.Line}: {message}");
}
