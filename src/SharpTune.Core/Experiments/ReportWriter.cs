using System.Globalization;
using System.Text;
using System.Text.Json;
using SharpTune.Core.Native;
using SharpTune.Text.IO;

namespace SharpTune.Core.Experiments;

/// <summary>Writes report.md and results.json (atomically) for a finished experiment.</summary>
public static class ReportWriter
{
    public const string ReportFile = "report.md";
    public const string ResultsFile = "results.json";

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The machine line of a report: CPU, instruction sets, cores, load average when the run ended.</summary>
    public static string Machine()
    {
        var f = CpuFeatures.Current;
        string isa = string.Join(", ", new[] { f.Avx2 ? "AVX2" : null, f.Fma ? "FMA" : null, f.Avx512F ? "AVX-512" : null, f.Avx512Bf16 is true ? "AVX-512-BF16" : null, f.AmxBf16 is true ? "AMX-BF16" : null }.OfType<string>());
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
        return $"{f.ModelName}; {isa}; {Environment.ProcessorCount} cores; load average {load} at the end (other jobs share the machine: timings are indicative, compare ratios within one report)";
    }

    /// <summary>The markdown report; every cell and line of model output is escaped.</summary>
    public static string Markdown(ExperimentReport r, ExperimentSettings s, IReadOnlyList<string> configs, double seconds, string machine)
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.Append(ci, $"# Experiment `{r.Name}`{(s.Quick ? " (--quick: tiny budgets, a smoke test, not evidence)" : "")}\n\n");
        sb.Append(ci, $"**Question.** {r.Question}\n\n");
        sb.Append("## Verdict\n\n");
        sb.Append(new ReportTable("Verdicts (computed from the numbers below)", ["claim", "verdict", "difference", "noise", "rule"],
            r.Verdicts.Select(v => (IReadOnlyList<string>)[v.Claim, v.Outcome, v.Difference.ToString("0.###", ci), v.Noise.ToString("0.###", ci), v.Rule]).ToList()).ToMarkdown());
        sb.Append("\n## Setup\n\n");
        foreach (var line in r.Setup) sb.Append("* ").Append(line).Append('\n');
        sb.Append(ci, $"* Machine: {machine}\n* Wall time: {seconds:0} s\n\n## Results\n\n");
        foreach (var t in r.Tables) sb.Append(t.ToMarkdown()).Append('\n');
        foreach (var p in r.Plots) sb.Append(ci, $"![{Path.GetFileNameWithoutExtension(p)}]({p})\n\n");
        if (r.Caveats.Count > 0)
        {
            sb.Append("## Caveats\n\n");
            foreach (var c in r.Caveats) sb.Append("* ").Append(c).Append('\n');
            sb.Append('\n');
        }
        sb.Append("## Reproduce\n\n```\n").Append(s.Command).Append("\n```\n\n");
        sb.Append("Every configuration that ran (LLaMA-Factory names; `sharptune train FILE` runs one alone): ")
            .Append(string.Join(", ", configs.Select(c => $"[`{c}`]({c.Replace('\\', '/')})"))).Append(".\n");
        return sb.ToString();
    }

    /// <summary>Writes both files into <see cref="ExperimentSettings.OutputDir"/> and returns the report's path.</summary>
    public static string Write(ExperimentReport r, ExperimentSettings s, IReadOnlyList<string> configs, double seconds)
    {
        string machine = Machine();
        Directory.CreateDirectory(s.OutputDir);
        string report = Path.Combine(s.OutputDir, ReportFile);
        AtomicFile.WriteAllText(report, Markdown(r, s, configs, seconds, machine));
        var results = new
        {
            name = r.Name,
            question = r.Question,
            quick = s.Quick,
            seed = s.Seed,
            command = s.Command,
            overrides = s.Overrides,
            machine,
            seconds = Math.Round(seconds, 1),
            verdicts = r.Verdicts.Select(v => new { claim = v.Claim, verdict = v.Outcome, difference = v.Difference, noise = v.Noise, rule = v.Rule }),
            configs,
            plots = r.Plots,
            results = r.Results,
        };
        AtomicFile.WriteAllText(Path.Combine(s.OutputDir, ResultsFile), JsonSerializer.Serialize(results, Json));
        return report;
    }
}
