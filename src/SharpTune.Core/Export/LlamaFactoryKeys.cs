using System.Globalization;
using System.Reflection;
using SharpTune.Core.Configuration;
using SharpTune.Core.Peft;

namespace SharpTune.Core.Export;

/// <summary>
/// Which of the keys SharpTune parses (the argument records of `sharptune train`, the single source of key names) go into
/// a LLaMA-Factory job, and how their values are written. Every record key is LLaMA-Factory's (or the Hugging Face
/// Trainer's) unless it is listed in <see cref="NotInLlamaFactory"/> with the reason it is left out; <see cref="LeftOutOnPurpose"/>
/// names the LLaMA-Factory keys a job does not carry.
/// </summary>
public static class LlamaFactoryKeys
{
    /// <summary>The records `sharptune train` binds, in the order LLaMA-Factory's parser groups them.</summary>
    public static readonly IReadOnlyList<Type> Records =
        [typeof(ModelArguments), typeof(FinetuningOptions), typeof(DataArguments), typeof(TrainingArguments), typeof(GeneratingArguments)];

    /// <summary>finetuning_type values LLaMA-Factory trains (it also has oft, which SharpTune does not).</summary>
    public static readonly IReadOnlyList<string> FinetuningTypes = ["lora", "freeze", "full"];

    public static readonly IReadOnlyDictionary<string, string> NotInLlamaFactory = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["device"] = "LLaMA-Factory places the model on the GPUs the launcher gives it",
        ["dtype"] = "LLaMA-Factory takes the training precision from bf16 / fp16",
        ["eager_attention"] = "LLaMA-Factory chooses attention with flash_attn",
        ["num_virtual_tokens"] = "prompt / prefix tuning are SharpTune's; LLaMA-Factory has lora, freeze, full and oft",
        ["prompt_tuning_init_text"] = "prompt tuning is SharpTune's",
        ["prefix_projection"] = "prefix tuning is SharpTune's",
        ["encoder_hidden_size"] = "prefix tuning is SharpTune's",
        ["adapter_type"] = "bottleneck adapters are SharpTune's",
        ["adapter_size"] = "bottleneck adapters are SharpTune's",
        ["adapter_act"] = "bottleneck adapters are SharpTune's",
        ["num_shots"] = "in-prompt examples are SharpTune's; build the k-shot data first with `sharptune data shots`",
        ["shot_selection"] = "in-prompt examples are SharpTune's; build the k-shot data first with `sharptune data shots`",
        ["shot_pool"] = "in-prompt examples are SharpTune's; build the k-shot data first with `sharptune data shots`",
        ["compare_with_base"] = "the base comparison is SharpTune's; run `sharptune predict` with and without the returned adapter",
        ["skip_invalid"] = "LLaMA-Factory stops at a malformed record; check the data with `sharptune data stats` first",
    };

    /// <summary>LLaMA-Factory keys a hand-off job deliberately does not carry.</summary>
    public static readonly IReadOnlyDictionary<string, string> LeftOutOnPurpose = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["do_predict"] = "the hand-off trains only (LLaMA-Factory refuses do_predict under ZeRO-3); score the returned adapter with `sharptune predict`",
    };

    /// <summary>The snake_case keys of <see cref="Records"/>, each once.</summary>
    public static IReadOnlyList<string> All => Records.SelectMany(ArgumentSet.KeysOf).Distinct().ToList();

    /// <summary>
    /// The YAML scalar for a key's bound value: true/false, integers, floats always with a '.' in the mantissa (PyYAML reads
    /// 1e-4 as a string, 1.0e-4 as a float), comma lists as one string, other strings quoted when YAML would retype them.
    /// </summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        IReadOnlyList<string> l => l.Count == 0 ? null : Quote(string.Join(",", l)),
        IReadOnlyList<double> l => l.Count == 0 ? null : Quote(string.Join(",", l.Select(FormatDouble))),
        string s => Quote(s),
        _ => throw new NotSupportedException($"no YAML form for a {value.GetType().Name}"),
    };

    static string FormatDouble(double d)
    {
        string s = d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        int e = s.IndexOf('e');
        string mantissa = e < 0 ? s : s[..e];
        if (!mantissa.Contains('.')) mantissa += ".0";
        return e < 0 ? mantissa : mantissa + s[e..];
    }

    static string Quote(string s)
    {
        bool plain = s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ',')
            && !char.IsAsciiDigit(s[0]) && s[0] is not '-' and not '.'
            && s.ToLowerInvariant() is not ("true" or "false" or "yes" or "no" or "on" or "off" or "null" or "none" or "~");
        return plain ? s : System.Text.Json.JsonSerializer.Serialize(s);
    }

    /// <summary>The bound value of <paramref name="key"/> in whichever record defines it.</summary>
    public static object? Value(IReadOnlyDictionary<Type, object> bound, string key)
    {
        foreach (var type in Records)
        {
            var p = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => p.CanWrite && ArgumentNames.ToSnake(p.Name) == key);
            if (p != null) return p.GetValue(bound[type]);
        }
        throw new KeyNotFoundException($"'{key}' is not an argument of SharpTune's train command");
    }
}
