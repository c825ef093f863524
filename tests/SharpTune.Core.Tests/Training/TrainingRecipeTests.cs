using System.Text.Json.Nodes;
using SharpTune.Core.Configuration;
using SharpTune.Core.Training;

namespace SharpTune.Core.Tests.Training;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class TrainingRecipeTests
{
    static TrainingArguments Args(int steps) => new()
    {
        LearningRate = 5e-3, MaxSteps = steps, PerDeviceTrainBatchSize = 4, GradientAccumulationSteps = 2, LoggingSteps = 1,
        SaveSteps = 0, WarmupSteps = 2, LrSchedulerType = "cosine", WeightDecay = 0.01, Seed = 7, OverwriteOutputDir = true,
    };

    static List<double> LoggedLosses(string dir) => File.ReadAllLines(Path.Combine(dir, TrainerLog.FileName))
        .Select(l => JsonNode.Parse(l)!).Where(o => o["loss"] != null).Select(o => o["loss"]!.GetValue<double>()).ToList();

    [Fact]
    public void Loss_goes_down_on_a_learnable_toy_set_and_outputs_are_written()
    {
        using var dir = TestPaths.NewTempDir();
        using var m = FullModelForTests.Load();
        var data = FullModelForTests.CountingData(32, 16, 320, 1);
        var r = TrainingRecipe.Run(new TrainingJob(m, data, data.Take(8).ToList(), Args(24) with { PlotLoss = true, EvalSteps = 12 }, dir.Path, 0, false, 64));
        var losses = LoggedLosses(dir.Path);
        Assert.Equal(24, losses.Count);
        Assert.True(losses.TakeLast(4).Average() < losses.Take(4).Average() - 1.0, $"loss {losses[0]} → {losses[^1]}");
        Assert.True(File.Exists(Path.Combine(dir.Path, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "training_loss.png")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "training_eval_loss.png")));
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "all_results.json")))!;
        Assert.Equal(r.EvalLoss!.Value, results["eval_loss"]!.GetValue<double>(), 6);
        var lastEval = File.ReadAllLines(Path.Combine(dir.Path, TrainerLog.FileName)).Select(l => JsonNode.Parse(l)!).Last(o => o["eval_loss"] != null);
        Assert.Equal(r.EvalLoss!.Value, lastEval["eval_loss"]!.GetValue<double>());                 // unrounded, as the Trainer logs it
        var first = JsonNode.Parse(File.ReadAllLines(Path.Combine(dir.Path, TrainerLog.FileName))[0])!;
        foreach (var key in new[] { "current_steps", "total_steps", "loss", "lr", "epoch", "percentage", "elapsed_time", "remaining_time" })
            Assert.NotNull(first[key]);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_reproduces_the_uninterrupted_losses()
    {
        using var full = TestPaths.NewTempDir();
        using var part = TestPaths.NewTempDir();
        var data = FullModelForTests.CountingData(24, 12, 320, 2);
        var args = Args(10) with { SaveSteps = 4, SaveTotalLimit = 1 };
        using (var m = FullModelForTests.Load()) TrainingRecipe.Run(new TrainingJob(m, data, [], args, full.Path, 0, false, 64));

        using (var m = FullModelForTests.Load())
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new SyncProgress(p => { if (p.Step == 5) cancel.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => TrainingRecipe.Run(new TrainingJob(m, data, [], args, part.Path, 0, false, 64), progress, cancel.Token));
        }
        Assert.Equal(["checkpoint-4"], Directory.GetDirectories(part.Path).Select(Path.GetFileName));
        using (var m = FullModelForTests.Load())
            TrainingRecipe.Run(new TrainingJob(m, data, [], args with { ResumeFromCheckpoint = "true" }, part.Path, 0, false, 64));
        Assert.Equal(LoggedLosses(full.Path), LoggedLosses(part.Path));
        Assert.Equal(["checkpoint-10"], Directory.GetDirectories(part.Path).Select(Path.GetFileName));   // the last step is saved too

        // resuming a finished run trains nothing more: the log keeps its lines, the final model is written again
        var log = File.ReadAllLines(Path.Combine(part.Path, TrainerLog.FileName));
        using (var m = FullModelForTests.Load())
        {
            var again = TrainingRecipe.Run(new TrainingJob(m, data, [], args with { ResumeFromCheckpoint = "true" }, part.Path, 0, false, 64));
            Assert.Equal(10, again.GlobalStep);
        }
        Assert.Equal(log, File.ReadAllLines(Path.Combine(part.Path, TrainerLog.FileName)));
    }

    [Theory]
    [InlineData("steps", 4, new[] { 4, 8, 10 })]
    [InlineData("steps", 0, new[] { 10 })]
    [InlineData("epoch", 4, new[] { 3, 6, 9 })]                                                 // 24 examples / (4 · 2) = 3 steps per epoch
    [InlineData("no", 4, new int[0])]
    public void Save_strategy_decides_which_steps_leave_a_checkpoint(string strategy, int saveSteps, int[] expected)
    {
        using var dir = TestPaths.NewTempDir();
        using var m = FullModelForTests.Load();
        var data = FullModelForTests.CountingData(24, 12, 320, 2);
        TrainingRecipe.Run(new TrainingJob(m, data, [], Args(10) with { SaveStrategy = strategy, SaveSteps = saveSteps, LoggingSteps = 5 }, dir.Path, 0, false, 64));
        var saved = Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(s => $"checkpoint-{s}").Order(StringComparer.Ordinal), saved);
    }

    [Theory]
    [InlineData(null, 4, new[] { 4, 8 })]                                                       // eval_steps alone implies steps
    [InlineData("steps", null, new[] { 5, 10 })]                                                // eval_steps defaults to logging_steps
    [InlineData("epoch", 4, new[] { 3, 6, 9 })]
    [InlineData("no", 4, new int[0])]
    public void Eval_strategy_decides_which_steps_are_followed_by_an_evaluation(string? strategy, int? evalSteps, int[] expected)
    {
        using var dir = TestPaths.NewTempDir();
        using var m = FullModelForTests.Load();
        var data = FullModelForTests.CountingData(24, 12, 320, 2);
        var args = Args(10) with { EvalStrategy = strategy, EvalSteps = evalSteps, LoggingSteps = 5, SaveStrategy = "no" };
        TrainingRecipe.Run(new TrainingJob(m, data, data.Take(4).ToList(), args, dir.Path, 0, false, 64));
        var evaluated = File.ReadAllLines(Path.Combine(dir.Path, TrainerLog.FileName)).Select(l => JsonNode.Parse(l)!)
            .Where(o => o["eval_loss"] != null).Select(o => o["current_steps"]!.GetValue<int>());
        Assert.Equal(expected, evaluated);
    }

    [Fact]
    public void An_unknown_save_or_eval_strategy_is_refused_before_training()
    {
        using var dir = TestPaths.NewTempDir();
        using var m = FullModelForTests.Load();
        var e = Assert.Throws<ArgumentException>(() => TrainingRecipe.Run(new TrainingJob(m, FullModelForTests.CountingData(4, 8, 320, 4), [], Args(1) with { SaveStrategy = "best" }, dir.Path, 0, false, 64)));
        Assert.Contains("save_strategy 'best' is not one of steps, epoch, no", e.Message);
        e = Assert.Throws<ArgumentException>(() => TrainingRecipe.Run(new TrainingJob(m, FullModelForTests.CountingData(4, 8, 320, 4), [], Args(1) with { EvalStrategy = "always" }, dir.Path, 0, false, 64)));
        Assert.Contains("eval_strategy 'always' is not one of steps, epoch, no", e.Message);
    }

    [Fact]
    public void A_nan_loss_stops_the_run_with_a_message()
    {
        using var dir = TestPaths.NewTempDir();
        using var m = FullModelForTests.Load(nanAtCall: 3);
        var data = FullModelForTests.CountingData(16, 8, 320, 3);
        var e = Assert.Throws<TrainingDivergedException>(() => TrainingRecipe.Run(new TrainingJob(m, data, [], Args(4), dir.Path, 0, false, 64)));
        Assert.Contains("loss became NaN", e.Message);
    }

    [Fact]
    public void An_existing_output_dir_needs_overwrite_or_resume()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir.Path, "x"), "");
        using var m = FullModelForTests.Load();
        var data = FullModelForTests.CountingData(4, 8, 320, 4);
        var e = Assert.Throws<IOException>(() => TrainingRecipe.Run(new TrainingJob(m, data, [], Args(1) with { OverwriteOutputDir = false }, dir.Path, 0, false, 64)));
        Assert.Contains("overwrite_output_dir", e.Message);
    }

    [Fact]
    public void Packed_training_runs_and_learns()
    {
        using var dir = TestPaths.NewTempDir();
        using var m = FullModelForTests.Load();
        var data = FullModelForTests.CountingData(40, 6, 320, 5);
        TrainingRecipe.Run(new TrainingJob(m, data, [], Args(12), dir.Path, 0, true, 24));
        var losses = LoggedLosses(dir.Path);
        Assert.True(losses[^1] < losses[0], $"packed loss {losses[0]} → {losses[^1]}");
    }

    sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
