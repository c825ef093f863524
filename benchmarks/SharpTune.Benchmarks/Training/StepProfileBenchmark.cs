using System.Diagnostics;
using System.Globalization;
using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using SharpTune.Core.Peft;
using SharpTune.Core.Benchmarking;
using static TorchSharp.torch;

namespace SharpTune.Benchmarks.Training;

/// <summary>Splits one training step into forward, backward and optimizer time (median of N), to see where time goes.</summary>
internal sealed class StepProfileBenchmark : IBenchmark
{
    public string Name => "step-profile";
    public string Description => "forward / backward / AdamW time of one training step (--config --mode --attn sdpa|eager)";

    public int Run(string[] args)
    {
        LibTorchRuntime.EnsureLoaded();
        set_num_threads(int.Parse(PeerConfigs.Arg(args, "--threads", "2"), CultureInfo.InvariantCulture));
        var config = PeerConfigs.Get(PeerConfigs.Arg(args, "--config", "tiny"));
        string mode = PeerConfigs.Arg(args, "--mode", "full");
        var dtype = PeerConfigs.Arg(args, "--dtype", "float32") == "bfloat16" ? ScalarType.BFloat16 : ScalarType.Float32;
        using var model = PeftBuilder.Build(config, new FinetuningOptions { FinetuningType = mode, LoraTarget = "q_proj,v_proj", LoraDropout = 0.05 }, dtype);
        model.base_model.attn_implementation = Enum.Parse<AttentionImplementation>(PeerConfigs.Arg(args, "--attn", "sdpa"), ignoreCase: true);
        model.train();
        var trainable = model.TrainableParameters();
        using var opt = optim.AdamW(trainable.Select(p => p.parameter), 1e-4);
        var f = new List<double>(); var b = new List<double>(); var o = new List<double>();
        for (int i = 0; i < 6; i++)
        {
            using var scope = NewDisposeScope();
            var ids = randint(0, config.VocabSize, [8, 256]);
            var sw = Stopwatch.StartNew();
            using var r = model.forward(new CausalLMInputs { input_ids = ids, labels = ids, loss_only = true });     // as the trainer and bench
            double tf = sw.Elapsed.TotalSeconds; sw.Restart();
            r.loss!.backward();
            double tb = sw.Elapsed.TotalSeconds; sw.Restart();
            opt.step(); opt.zero_grad();
            double to = sw.Elapsed.TotalSeconds;
            if (i > 0) { f.Add(tf); b.Add(tb); o.Add(to); }
        }
        Console.WriteLine(FormattableString.Invariant($"forward {Stats.Median(f):0.000}s backward {Stats.Median(b):0.000}s optimizer {Stats.Median(o):0.000}s threads {get_num_threads()}"));
        return 0;
    }
}
