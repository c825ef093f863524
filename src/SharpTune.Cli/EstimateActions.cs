using SharpTune.Core.Planning;
using Spectre.Console;

namespace SharpTune.Cli;

/// <summary>What `sharptune estimate` does with its parsed options: calibrate, compare, a token budget, or one estimate.</summary>
internal static class EstimateActions
{
    public static int Run(EstimateOptions o, string profilePath, bool json, bool compare, double? days, int? calibrateSteps, int calibrateBatch)
    {
        if (calibrateSteps is { } steps)
        {
            if (steps <= 0) throw new ArgumentException($"--calibrate_steps must be a positive integer, got {steps}");
            if (calibrateBatch <= 0) throw new ArgumentException($"--calibrate_batch must be a positive integer, got {calibrateBatch}");
            var measured = Calibrate(steps, calibrateBatch, json);
            measured.Save(profilePath);
            if (json) CliCommon.WriteJson(new { profile_path = profilePath, profile = measured });
            else EstimateView.Calibration(measured, profilePath);
            return 0;
        }
        var cpu = CpuProfile.Load(profilePath);
        if (days is { } d)
        {
            if (o.Tokens is not null || o.DatasetTokens is not null) throw new ArgumentException("--days gives the token budget, so it excludes --tokens and --dataset_tokens");
            var r = TokenBudget.Implied(o, d, cpu);
            if (json) CliCommon.WriteJson(new { implied_tokens = r.Tokens, tokens_per_parameter = r.TokensPerParameter, device_hours = r.DeviceHours, cost_usd = r.CostUsd, mfu = r.Mfu, reading = r.Reading });
            else EstimateView.Budget(r, o);
            return 0;
        }
        if (compare)
        {
            var all = Estimator.Compare(o, cpu);
            if (json) CliCommon.WriteJson(all);
            else EstimateView.Compare(all);
            return 0;
        }
        var e = Estimator.Run(o, cpu);
        if (json) CliCommon.WriteJson(e);
        else EstimateView.One(e);
        return 0;
    }

    static CpuProfile Calibrate(int steps, int batch, bool quiet)
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
            return CpuCalibration.Run(BenchProcess.Run, steps, batch, quiet ? null : new Inline(s => Console.Error.WriteLine($"calibrating: {s}")));
        CpuProfile? result = null;
        AnsiConsole.Status().Start("calibrating", ctx => result = CpuCalibration.Run(BenchProcess.Run, steps, batch, new Inline(s => ctx.Status($"calibrating: {Markup.Escape(s)}"))));
        return result!;
    }

    sealed class Inline(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
