// The other direction: given devices and days, how many tokens a run of this model could have trained on,
// D = devices · peak · MFU · seconds / (FLOPs per token) (6·N + attention for full training). The seed's lessons name
// two runs (38B parameters on 128 chips for 11 days; 2.6B on 8× A100 for 9 days) without saying what they trained;
// the implied budget is an inference at a stated MFU, not a reported figure.
using System.Globalization;

namespace SharpTune.Core.Planning;

public static class TokenBudget
{
    public sealed record Result(double Tokens, double TokensPerParameter, double DeviceHours, double? CostUsd, double Mfu, string Reading);

    /// <summary>The tokens <paramref name="o"/>'s model and method could train on in <paramref name="days"/> on its devices.</summary>
    public static Result Implied(EstimateOptions o, double days, CpuProfile? cpu = null)
    {
        if (!(days > 0 && double.IsFinite(days))) throw new ArgumentException($"--days must be a positive number, got {days.ToString(CultureInfo.InvariantCulture)}");
        o.Validate();
        var c = ModelPresets.Resolve(o.Model, out _);
        var hw = HardwareCatalog.Get(o.Hardware, cpu);
        var p = ParameterCounter.Count(c, o);
        double mfu = o.Mfu ?? hw.Mfu(o.Precision);
        double peak = hw.Peak(o.Precision) ?? throw new ArgumentException($"--hardware {hw.Name} has no published {o.Precision} peak in the catalogue; choose --precision amp-bf16 or pure-bf16");
        double deviceHours = o.NumDevices * days * 24;
        double tokens = deviceHours * 3600 * peak * 1e12 * mfu / FlopsModel.Total(c, p, o);
        double perParam = tokens / p.Base;
        return new Result(tokens, perParam, deviceHours, deviceHours * (o.Price ?? hw.PricePerHour), mfu, Reading(perParam, tokens));
    }

    /// <summary>What kind of run a budget suggests, by tokens per parameter (Chinchilla-optimal pre-training is ~20).</summary>
    public static string Reading(double tokensPerParameter, double tokens)
    {
        var ci = CultureInfo.InvariantCulture;
        string size = tokens >= 1e9 ? string.Create(ci, $"{tokens / 1e9:0.#}B tokens") : string.Create(ci, $"{tokens / 1e6:0.#}M tokens");
        return tokensPerParameter switch
        {
            >= 10 => $"{size}: a from-scratch pre-training budget (Chinchilla-optimal is ~20 tokens per parameter)",
            >= 0.5 => $"{size}: continued pre-training scale (domain or language adaptation), far beyond supervised fine-tuning",
            >= 0.01 => $"{size}: a large supervised fine-tuning run (many epochs or millions of examples)",
            _ => $"{size}: supervised fine-tuning scale",
        };
    }
}
