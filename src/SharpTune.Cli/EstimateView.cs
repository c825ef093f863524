using System.Globalization;
using SharpTune.Core.Planning;
using Spectre.Console;

namespace SharpTune.Cli;

/// <summary>Prints `sharptune estimate` results as Spectre.Console tables (one run, methods side by side, calibration).</summary>
internal static class EstimateView
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>A console on the current Console.Out (AnsiConsole's static one keeps the writer it first saw).</summary>
    static IAnsiConsole Out => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    public static void One(Estimate e)
    {
        var console = Out;
        var m = e.MemoryBreakdown;
        var t = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{e.Model} · {e.Method} · {e.Precision} · {e.NumDevices}× {e.Hardware}"));
        t.AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        void Row(string k, string v) => t.AddRow(Markup.Escape(k), Markup.Escape(v));
        Row("total parameters", e.TotalParams.ToString("N0", Ci));
        Row("trainable parameters", $"{e.TrainableParams.ToString("N0", Ci)} ({100.0 * e.TrainableParams / e.TotalParams:0.###} %)");
        Row("weights", Gb(m.Weights));
        Row("gradients", Gb(m.Gradients));
        Row("optimizer state", Gb(m.OptimizerState) + (m.HostOptimizerState > 0 ? $" (+ {Gb(m.HostOptimizerState)} paged to the host)" : ""));
        Row("activations", $"{Gb(m.Activations)} (no recomputation {Gb(m.ActivationsNoRecompute)}, full {Gb(m.ActivationsRecompute)}; Korthikanti GPT {Gb(m.ActivationsKorthikantiGpt)})");
        Row("temporary buffers", Gb(m.Temporary));
        Row("framework overhead", Gb(m.FrameworkOverhead));
        Row("memory per device", $"{Gb(e.MemoryGbPerDevice)} of {Gb(e.DeviceMemoryGb)}: {(e.Fits ? "fits" : "does not fit")}");
        Row("training FLOPs", $"{e.TrainFlops.ToString("0.00e+00", Ci)} ({e.FlopsPerToken.ToString("0.00e+00", Ci)} per token × {Tokens(e.TrainTokens)})");
        Row("throughput", e.TokensPerS is { } tps ? $"{tps.ToString("N0", Ci)} tokens/s at MFU {e.Mfu:0.###} of {e.PeakTflops:0.###} TFLOP/s per device" : "unknown");
        Row("time", e.Hours is { } h ? $"{h:0.##} h ({e.DeviceHours:0.##} device-hours)" : "unknown");
        Row("cost", e.CostUsd is { } c ? $"${c:N0} at ${e.PricePerHour:0.00} per device-hour (indicative)" : "no price");
        console.Write(t);
        console.MarkupLine(Markup.Escape(e.Recommendation));
        foreach (var n in e.Notes) console.MarkupLine($"[grey]{Markup.Escape(n)}[/]");
    }

    public static void Compare(IReadOnlyList<Estimate> all)
    {
        var console = Out;
        var first = all[0];
        var t = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{first.Model} · {first.Precision} · {first.NumDevices}× {first.Hardware}"));
        foreach (var col in new[] { "method", "trains", "memory", "fits", "needs", "FLOPs", "hours", "dev-h", "cost" })
            t.AddColumn(col == "method" ? new TableColumn(col) : new TableColumn(col).RightAligned());
        foreach (var e in all)
            t.AddRow(new[]
            {
                e.Method, Count(e.TrainableParams), Gb(e.MemoryGbPerDevice), e.Fits ? "yes" : "no", e.DevicesNeeded is { } n ? $"{n}×" : "-",
                e.TrainFlops.ToString("0.0e+00", Ci), e.Hours?.ToString("0.##", Ci) ?? "-", e.DeviceHours?.ToString("0.##", Ci) ?? "-",
                e.CostUsd is { } c ? "$" + c.ToString("N0", Ci) : "-",
            }.Select(Markup.Escape).ToArray());
        console.Write(t);
        foreach (var e in all.Where(e => e.Method == "full")) console.MarkupLine(Markup.Escape(e.Recommendation));
        foreach (var n in first.Notes) console.MarkupLine($"[grey]{Markup.Escape(n)}[/]");
    }

    public static void Budget(TokenBudget.Result r, EstimateOptions o)
    {
        var console = Out;
        console.MarkupLine(Markup.Escape(string.Create(Ci,
            $"{o.NumDevices}× {o.Hardware} for {r.DeviceHours / o.NumDevices / 24:0.##} days at MFU {r.Mfu:0.##}: about {r.Tokens:0.00e+00} tokens ({r.TokensPerParameter:0.##} per parameter), {r.DeviceHours:N0} device-hours{(r.CostUsd is { } c ? $", ${c:N0}" : "")}")));
        console.MarkupLine(Markup.Escape($"implied (an inference at the stated MFU, not a reported figure) — {r.Reading}"));
    }

    public static void Calibration(CpuProfile p, string path)
    {
        var console = Out;
        var t = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"calibration: {p.Cpu}"));
        foreach (var col in new[] { "config", "method", "precision", "RSS MB measured", "predicted", "ratio", "tokens/s measured", "predicted", "ratio", "other cores" })
            t.AddColumn(col is "config" or "method" or "precision" ? new TableColumn(col) : new TableColumn(col).RightAligned());
        foreach (var x in p.Points)
            t.AddRow(new[]
            {
                x.Config, x.Method, x.Precision, x.MeasuredRssMb.ToString("0", Ci), x.PredictedRssMb.ToString("0", Ci), x.RssRatio.ToString("0.00", Ci),
                x.MeasuredTokensPerS.ToString("0", Ci), x.PredictedTokensPerS.ToString("0", Ci), x.SpeedRatio.ToString("0.00", Ci), x.OtherCores.ToString("0.00", Ci),
            }.Select(Markup.Escape).ToArray());
        console.Write(t);
        console.MarkupLine(Markup.Escape(string.Create(Ci,
            $"GEMM peak fp32 {p.PeakFp32Gflops} / bf16 {p.PeakBf16Gflops} GFLOP/s; training reaches {p.UtilisationFp32:0.###} / {p.UtilisationBf16:0.###} of it; runtime {p.RuntimeMb} MB. Saved to {path}")));
        foreach (var w in p.Warnings) console.MarkupLine($"[yellow]{Markup.Escape(w)}[/]");
    }

    static string Gb(double gb) => gb >= 10 ? gb.ToString("0.0", Ci) + " GB" : gb >= 0.1 ? gb.ToString("0.00", Ci) + " GB" : (gb * 1000).ToString("0.0", Ci) + " MB";

    static string Count(long n) => n >= 1e9 ? (n / 1e9).ToString("0.##", Ci) + "B" : n >= 1e6 ? (n / 1e6).ToString("0.##", Ci) + "M" : n >= 1e3 ? (n / 1e3).ToString("0.#", Ci) + "K" : n.ToString(Ci);

    static string Tokens(double t) => t >= 1e9 ? (t / 1e9).ToString("0.##", Ci) + "B tokens" : t >= 1e6 ? (t / 1e6).ToString("0.##", Ci) + "M tokens" : t.ToString("0", Ci) + " tokens";
}
