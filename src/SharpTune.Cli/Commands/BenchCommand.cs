using System.CommandLine;
using SharpTune.Core.Benchmarking;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune bench`: training / decoding throughput with the PyTorch peer's flags; prints one JSON line.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var d = new BenchOptions();
        var config = new Option<string>("--config") { Description = "tiny, small or medium (the peer's shapes).", DefaultValueFactory = _ => d.Config };
        var mode = new Option<string>("--mode") { Description = "full, lora or generate.", DefaultValueFactory = _ => d.Mode };
        var rank = new Option<int>("--lora-rank") { DefaultValueFactory = _ => d.LoraRank };
        var alpha = new Option<double>("--lora-alpha") { DefaultValueFactory = _ => d.LoraAlpha };
        var dropout = new Option<double>("--lora-dropout") { DefaultValueFactory = _ => d.LoraDropout };
        var targets = new Option<string>("--lora-targets") { DefaultValueFactory = _ => d.LoraTargets };
        var seqLen = new Option<int>("--seq-len") { DefaultValueFactory = _ => d.SeqLen };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => d.Batch };
        var steps = new Option<int>("--steps") { Description = "Measured steps after warm-up.", DefaultValueFactory = _ => d.Steps };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => d.Warmup };
        var dtype = new Option<string>("--dtype") { Description = "float32 or bfloat16 (compute).", DefaultValueFactory = _ => d.Dtype };
        var baseDtype = new Option<string?>("--base-dtype") { Description = "lora: dtype of the frozen base (default and only choice: the --dtype; SharpTune computes in the base's dtype)." };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => d.Threads };
        var promptLen = new Option<int>("--prompt-len") { DefaultValueFactory = _ => d.PromptLen };
        var newTokens = new Option<int>("--new-tokens") { DefaultValueFactory = _ => d.NewTokens };
        var checkpointing = new Option<bool>("--gradient-checkpointing") { Description = "Recompute layer activations in backward (SharpTune only)." };
        var cmd = new Command("bench", "Measure training or decoding speed on this machine (same flags and JSON keys as the PyTorch peer).")
        {
            config, mode, rank, alpha, dropout, targets, seqLen, batch, steps, warmup, dtype, baseDtype, threads, promptLen, newTokens, checkpointing,
        };
        cmd.SetAction(p =>
        {
            var o = new BenchOptions
            {
                Config = p.GetValue(config)!, Mode = p.GetValue(mode)!, LoraRank = p.GetValue(rank), LoraAlpha = p.GetValue(alpha),
                LoraDropout = p.GetValue(dropout), LoraTargets = p.GetValue(targets)!, SeqLen = p.GetValue(seqLen), Batch = p.GetValue(batch),
                Steps = p.GetValue(steps), Warmup = p.GetValue(warmup), Dtype = p.GetValue(dtype)!, BaseDtype = p.GetValue(baseDtype),
                Threads = p.GetValue(threads), PromptLen = p.GetValue(promptLen), NewTokens = p.GetValue(newTokens),
                GradientCheckpointing = p.GetValue(checkpointing),
            };
            CliCommon.WriteJson(BenchRunner.Run(o));
            return 0;
        });
        return cmd;
    }
}
