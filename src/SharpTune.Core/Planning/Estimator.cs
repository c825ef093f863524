// `sharptune estimate`: parameters (ParameterCounter), memory (MemoryModel), FLOPs (FlopsModel), then time =
// FLOPs / (devices · peak · MFU), device-hours, cost, and a recommendation weighing the method against LoRA.
using System.Globalization;
using SharpTune.Core.Checkpoints;

namespace SharpTune.Core.Planning;

public static class Estimator
{
    const int MaxDevices = 4096;

    /// <summary>The methods --compare puts side by side: each fine-tuning type with its defaults, LoRA also as QLoRA 8 and 4 bits.</summary>
    public static IReadOnlyList<(string Label, Func<EstimateOptions, EstimateOptions> Apply)> CompareMethods { get; } =
    [
        ("full", o => Method(o, "full")), ("freeze", o => Method(o, "freeze")), ("lora", o => Method(o, "lora")),
        ("qlora-8", o => Method(o, "lora") with { QuantizationBit = 8 }), ("qlora-4", o => Method(o, "lora") with { QuantizationBit = 4 }),
        ("prompt_tuning", o => Method(o, "prompt_tuning")), ("prefix_tuning", o => Method(o, "prefix_tuning")), ("adapter", o => Method(o, "adapter")),
    ];

    public static Estimate Run(EstimateOptions o, CpuProfile? cpu = null)
    {
        o.Validate();
        var config = ModelPresets.Resolve(o.Model, out string description);
        var hw = HardwareCatalog.Get(o.Hardware, cpu);
        var e = Compute(config, description, o, hw);
        var lora = o.FinetuningType == "lora" && o.QuantizationBit is null ? null : Compute(config, description, Method(o, "lora") with { NumDevices = 1 }, hw);
        return e with { Recommendation = Recommend(e, lora, hw) };
    }

    /// <summary>Every method of <see cref="CompareMethods"/> for one model and hardware (the method options of <paramref name="o"/> are reset to defaults).</summary>
    public static IReadOnlyList<Estimate> Compare(EstimateOptions o, CpuProfile? cpu = null)
    {
        o.Validate();
        var config = ModelPresets.Resolve(o.Model, out string description);
        var hw = HardwareCatalog.Get(o.Hardware, cpu);
        var all = CompareMethods.Select(m => Compute(config, description, m.Apply(o).Validate(), hw) with { Method = m.Label }).ToList();
        var lora = all.First(x => x.Method == "lora");
        return all.Select(x => x with { Recommendation = Recommend(x, x.Method == "lora" ? null : lora, hw) }).ToList();
    }

    /// <summary>The shared options of <paramref name="o"/> with another method and that method's defaults.</summary>
    public static EstimateOptions Method(EstimateOptions o, string method) => new()
    {
        Model = o.Model, FinetuningType = method, Precision = o.Precision, Optimizer = o.Optimizer, OptimizerInBwd = o.OptimizerInBwd,
        PerDeviceTrainBatchSize = o.PerDeviceTrainBatchSize, CutoffLen = o.CutoffLen, GradientCheckpointing = o.GradientCheckpointing,
        Tokens = o.Tokens, DatasetTokens = o.DatasetTokens, NumTrainEpochs = o.NumTrainEpochs, Hardware = o.Hardware,
        NumDevices = o.NumDevices, ZeroStage = o.ZeroStage, Mfu = o.Mfu, Price = o.Price,
    };

    static Estimate Compute(ModelConfig c, string description, EstimateOptions o, HardwareProfile hw)
    {
        var p = ParameterCounter.Count(c, o);
        var memory = MemoryModel.Compute(c, p, o, hw);
        var notes = new List<string>();
        double flopsPerToken = FlopsModel.Total(c, p, o);
        double tokens = o.TrainTokens, flops = flopsPerToken * tokens;
        double mfu = o.Mfu ?? hw.Mfu(o.Precision);
        double? peak = hw.Peak(o.Precision);
        if (peak is null) notes.Add($"{hw.Name} has no published {o.Precision} peak in the catalogue, so no time is given");
        double? tokensPerS = peak * 1e12 * mfu * o.NumDevices / flopsPerToken;
        double? hours = tokens > 0 && tokensPerS is { } tps ? tokens / tps / 3600 : tokens > 0 ? null : 0;
        double? deviceHours = hours * o.NumDevices;
        double? price = o.Price ?? hw.PricePerHour;
        if (price is null && !hw.IsCpu) notes.Add($"no price for {hw.Name} in the catalogue: give --price for the cost");
        if (hw.IsCpu && o.Precision == "amp-bf16" && p.TrainableBase > 0)
            notes.Add("SharpTune's trainer has no autocast: full and freeze tuning with `train --bf16` are pure bf16 (--precision pure-bf16)");
        if (tokens == 0) notes.Add("no --tokens or --dataset_tokens: memory only (time and cost 0)");
        if (o.Mfu is null && !hw.IsCpu) notes.Add(string.Create(CultureInfo.InvariantCulture, $"MFU {mfu:0.##} assumed (typical of large dense runs; single-device fine-tuning is often lower)"));
        return new Estimate
        {
            Model = description, Method = o.QuantizationBit is { } q ? $"qlora-{q}" : o.FinetuningType, Precision = o.Precision, Hardware = hw.Name,
            NumDevices = o.NumDevices, TotalParams = p.Total, TrainableParams = p.Trainable, BaseParams = p.Base,
            MemoryGbPerDevice = memory.Total, MemoryBreakdown = memory, DeviceMemoryGb = hw.MemoryGb, Fits = memory.Total <= hw.MemoryGb,
            DevicesNeeded = DevicesNeeded(c, p, o, hw), FlopsPerToken = flopsPerToken, TrainTokens = tokens, TrainFlops = flops, Mfu = mfu,
            PeakTflops = peak, TokensPerS = tokensPerS, Hours = hours, DeviceHours = deviceHours, PricePerHour = price, CostUsd = deviceHours * price,
            Notes = notes,
        };
    }

    static int? DevicesNeeded(ModelConfig c, ParameterCounts p, EstimateOptions o, HardwareProfile hw)
    {
        for (int n = 1; n <= MaxDevices; n = n < 8 ? n + 1 : n * 2)
            if (MemoryModel.Compute(c, p, o with { NumDevices = n }, hw).Total <= hw.MemoryGb) return n;
        return null;
    }

    /// <summary>"full needs 4× a100-80g (ZeRO-3); lora fits on one at 3.8× lower cost", or how the method fits.</summary>
    public static string Recommend(Estimate e, Estimate? lora, HardwareProfile hw)
    {
        var ci = CultureInfo.InvariantCulture;
        string where = e.Fits
            ? string.Create(ci, $"{e.Method} fits on {e.NumDevices}× {hw.Name} ({e.MemoryGbPerDevice:0.#} of {hw.MemoryGb:0.#} GB)")
            : e.DevicesNeeded is { } n ? string.Create(ci, $"{e.Method} does not fit on {e.NumDevices}× {hw.Name} ({e.MemoryGbPerDevice:0.#} of {hw.MemoryGb:0.#} GB); it needs {n}× {hw.Name}")
            : $"{e.Method} does not fit on any number of {hw.Name} with these settings";
        if (lora is null || lora.Method == e.Method) return where;
        string loraWhere = lora.DevicesNeeded is { } m ? (m == 1 ? "fits on one" : $"needs {m}") : "fits on none";
        // device-hours = FLOPs / (peak · MFU) whatever the device count, so the ratio is that of the FLOPs at equal MFU
        double? mine = e.DevicesNeeded is null ? null : e.CostUsd ?? e.DeviceHours;
        double? theirs = lora.DevicesNeeded is null ? null : lora.CostUsd ?? lora.DeviceHours;
        if (mine is > 0 && theirs is > 0)
        {
            double r = mine.Value / theirs.Value;
            return where + (r >= 1 ? string.Create(ci, $"; LoRA {loraWhere} at {r:0.#}× lower cost") : string.Create(ci, $"; LoRA {loraWhere} at {1 / r:0.#}× higher cost"));
        }
        return where + $"; LoRA {loraWhere}";
    }
}
