// Trainable / total parameter counts, as PEFT's print_trainable_parameters and LLaMA-Factory's
// count_parameters ("trainable params: … || all params: … || trainable%: …"), broken down by component.
using System.Globalization;
using System.Text;
using System.Text.Json;
using SharpTune.Core.Checkpoints;
using SharpTune.Text.IO;

namespace SharpTune.Core.Peft;

/// <summary>How many parameters a fine-tuning method trains. Printed at training start and saved as parameter_report.json.</summary>
public sealed record ParameterReport(string Method, long Trainable, long Total, IReadOnlyList<ParameterGroup> Groups)
{
    public const string FileName = "parameter_report.json";

    /// <summary>Trainable share of all parameters, 0..1.</summary>
    public double Share => Total == 0 ? 0 : (double)Trainable / Total;

    public static ParameterReport Of(PeftModel model)
    {
        var groups = new SortedDictionary<string, (long trainable, long total)>(StringComparer.Ordinal);
        foreach (var (name, p) in model.named_parameters())
        {
            string g = GroupOf(name);
            var (t, n) = groups.GetValueOrDefault(g);
            groups[g] = (t + (p.requires_grad ? p.numel() : 0), n + p.numel());
        }
        var list = groups.Select(kv => new ParameterGroup(kv.Key, kv.Value.trainable, kv.Value.total)).ToList();
        return new ParameterReport(model.Method, list.Sum(g => g.Trainable), list.Sum(g => g.Total), list);
    }

    static string GroupOf(string name) =>
        name.StartsWith("prompt_encoder.", StringComparison.Ordinal) ? "prompt_encoder"
        : name.Contains(".lora_", StringComparison.Ordinal) ? "lora"
        : name.Contains(".adapter_attn.", StringComparison.Ordinal) || name.Contains(".adapter_mlp.", StringComparison.Ordinal) ? "adapter"
        : name.Contains(".embed_tokens.", StringComparison.Ordinal) ? "embed_tokens"
        : name.Contains(".layers.", StringComparison.Ordinal) ? "layers"
        : name.Contains("lm_head.", StringComparison.Ordinal) ? "lm_head"
        : "norm";

    /// <summary>A fixed-width table, one row per component plus the total.</summary>
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ci, $"parameters ({Method})\n");
        sb.Append(ci, $"{"component",-16}{"trainable",16}{"total",16}{"share",10}\n");
        foreach (var g in Groups)
            sb.Append(ci, $"{g.Name,-16}{g.Trainable,16:N0}{g.Total,16:N0}{Pct(g.Trainable, g.Total),10}\n");
        sb.Append(ci, $"{"all",-16}{Trainable,16:N0}{Total,16:N0}{Pct(Trainable, Total),10}\n");
        return sb.ToString();
    }

    static string Pct(long t, long n) => n == 0 ? "-" : ((double)t / n * 100).ToString("0.####", CultureInfo.InvariantCulture) + "%";

    public string ToJson() => JsonSerializer.Serialize(new
    {
        method = Method,
        trainable = Trainable,
        total = Total,
        share = Share,
        groups = Groups.Select(g => new { name = g.Name, trainable = g.Trainable, total = g.Total }),
    }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Writes parameter_report.json into <paramref name="dir"/> atomically.</summary>
    public void Save(string dir) => AtomicFile.WriteAllText(Path.Combine(dir, FileName), ToJson());
}
