using System.Globalization;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SharpTune.Core.Configuration;

/// <summary>
/// LLaMA-Factory-style arguments: an optional YAML file, then `key=value` and `--key value` tokens, later
/// ones overriding earlier ones (defaults &lt; YAML &lt; command line). Values are bound to argument records by
/// their snake_case property names; an unknown key is an error naming where it came from and the closest
/// valid key.
/// </summary>
public sealed class ArgumentSet
{
    readonly Dictionary<string, (string? Value, string Origin)> _values = new(StringComparer.Ordinal);

    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Parses command-line tokens; a token ending in .yaml/.yml is read as a config file.</summary>
    public static ArgumentSet Parse(IReadOnlyList<string> tokens)
    {
        var set = new ArgumentSet();
        for (int i = 0; i < tokens.Count; i++)
        {
            string t = tokens[i];
            if (t.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || t.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                set.AddYaml(t);
                continue;
            }
            if (t.StartsWith("--", StringComparison.Ordinal))
            {
                string body = t[2..];
                int eq = body.IndexOf('=');
                if (eq >= 0) { set.Set(body[..eq], body[(eq + 1)..], "command line"); continue; }
                bool hasValue = i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal);
                set.Set(body, hasValue ? tokens[++i] : "true", "command line");
                continue;
            }
            int e = t.IndexOf('=');
            if (e <= 0) throw new ArgumentException($"argument '{t}' is neither key=value, --key value nor a .yaml file");
            set.Set(t[..e], t[(e + 1)..], "command line");
        }
        return set;
    }

    public void Set(string key, string? value, string origin) => _values[key.Replace('-', '_')] = (value, origin);

    public bool Has(string key) => _values.ContainsKey(key);

    public string? Get(string key) => _values.TryGetValue(key, out var v) ? v.Value : null;

    /// <summary>
    /// Walks the file's YAML events so a syntax error names its line: the parser's own error where it gives one, else
    /// (YamlDotNet fails on some unclosed flow collections without a position) the line where the innermost
    /// unclosed [ or { opened.
    /// </summary>
    static void CheckYamlSyntax(string path, string text)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<(Mark Start, char Bracket)>();                                  // every open collection; '\0' = block style
        try
        {
            while (parser.MoveNext())
                switch (parser.Current)
                {
                    case SequenceStart q: open.Push((q.Start, q.Style == SequenceStyle.Flow ? '[' : '\0')); break;
                    case MappingStart m: open.Push((m.Start, m.Style == MappingStyle.Flow ? '{' : '\0')); break;
                    case SequenceEnd or MappingEnd: open.Pop(); break;
                }
        }
        catch (YamlException e)
        {
            string unclosed = open.Any(o => o.Bracket != '\0') ? $" (the '{Innermost().Bracket}' on line {Innermost().Start.Line} is not closed)" : "";
            throw new FormatException($"{path} line {e.Start.Line}: {e.Message}{unclosed}", e);
        }
        catch (InvalidOperationException e) when (open.Any(o => o.Bracket != '\0'))
        {
            throw new FormatException($"{path} line {Innermost().Start.Line}: this '{Innermost().Bracket}' is never closed", e);
        }

        (Mark Start, char Bracket) Innermost() => open.First(o => o.Bracket != '\0');
    }

    void AddYaml(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: config file not found", path);
        string text = File.ReadAllText(path);
        CheckYamlSyntax(path, text);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        if (yaml.Documents.Count == 0) return;
        if (yaml.Documents[0].RootNode is not YamlMappingNode map)
            throw new FormatException($"{path}: the top level must be a mapping of key: value");
        foreach (var (k, v) in map.Children)
        {
            string origin = $"{path} line {k.Start.Line}";
            string key = ((YamlScalarNode)k).Value ?? throw new FormatException($"{origin}: empty key");
            string? value = v switch
            {
                YamlScalarNode s => s.Value is "~" or "null" ? null : s.Value,
                YamlSequenceNode seq => string.Join(",", seq.Children.Select(c => (c as YamlScalarNode)?.Value
                    ?? throw new FormatException($"{origin}: '{key}' must be a list of plain values"))),
                _ => throw new FormatException($"{origin}: '{key}' must be a value or a list"),
            };
            Set(key, value, origin);
        }
    }

    /// <summary>Throws for any key that none of <paramref name="records"/> (nor <paramref name="extra"/>) defines.</summary>
    public void RequireKnown(IEnumerable<Type> records, params string[] extra)
    {
        var known = records.SelectMany(KeysOf).Concat(extra).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, (_, origin)) in _values)
        {
            if (known.Contains(key)) continue;
            string? near = ArgumentNames.Closest(key, known);
            throw new ArgumentException($"{origin}: unknown argument '{key}'" + (near != null ? $" (did you mean '{near}'?)" : ""));
        }
    }

    /// <summary>The snake_case keys a record type accepts.</summary>
    public static IEnumerable<string> KeysOf(Type record) =>
        record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => ArgumentNames.ToSnake(p.Name));

    /// <summary>A <typeparamref name="T"/> with its defaults overridden by the values given for its keys.</summary>
    public T Bind<T>() where T : new()
    {
        object target = new T();
        foreach (var p in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            string key = ArgumentNames.ToSnake(p.Name);
            if (!_values.TryGetValue(key, out var v)) continue;
            p.SetValue(target, ArgumentValue.Convert(v.Value, p.PropertyType, key, v.Origin));
        }
        return (T)target;
    }
}

/// <summary>Converts argument strings to property types, with errors naming the key and its origin.</summary>
internal static class ArgumentValue
{
    public static object? Convert(string? raw, Type type, string key, string origin)
    {
        var under = Nullable.GetUnderlyingType(type);
        if (raw is null || (under != null && raw.Length == 0))
        {
            if (under != null || !type.IsValueType) return null;
            throw new ArgumentException($"{origin}: '{key}' needs a value");
        }
        var t = under ?? type;
        string s = raw.Trim();
        try
        {
            if (t == typeof(string)) return raw;
            if (t == typeof(bool)) return s.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => throw new FormatException(),
            };
            if (t == typeof(int)) return int.Parse(s, CultureInfo.InvariantCulture);
            if (t == typeof(long)) return long.Parse(s, CultureInfo.InvariantCulture);
            if (t == typeof(double)) return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (t == typeof(IReadOnlyList<string>))
                return s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (t == typeof(IReadOnlyList<double>))
                return s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(x => double.Parse(x, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"{origin}: '{key}' = '{raw}' is not a valid {Describe(t)}");
        }
        throw new NotSupportedException($"argument '{key}' has unsupported type {t.Name}");
    }

    static string Describe(Type t) =>
        t == typeof(bool) ? "true/false" : t == typeof(int) || t == typeof(long) ? "integer" : t == typeof(double) ? "number" : t.Name;
}
