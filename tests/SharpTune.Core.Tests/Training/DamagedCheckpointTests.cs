using SharpTune.Core.Configuration;
using SharpTune.Core.Peft;
using SharpTune.Core.Training;

namespace SharpTune.Core.Tests.Training;

/// <summary>
/// Resuming from a checkpoint of a real (tiny LoRA) run that was damaged afterwards: one sentence names the file and the
/// checkpoint, and the newest intact checkpoint before it; nothing is trained, nor silently resumed from an older one.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DamagedCheckpointTests : IClassFixture<DamagedCheckpointTests.FinishedRun>
{
    readonly FinishedRun _run;

    public DamagedCheckpointTests(FinishedRun run) => _run = run;

    static readonly string BaseDir = Path.Combine(TestPaths.HfFixtures, "llama_untied", "model");

    static TrainingArguments Args => new()
    {
        LearningRate = 5e-3, MaxSteps = 6, PerDeviceTrainBatchSize = 4, LoggingSteps = 1, SaveSteps = 2, Seed = 7, OverwriteOutputDir = true,
    };

    static PeftModel Lora() => PeftBuilder.Build(BaseDir, new FinetuningOptions { FinetuningType = "lora", LoraRank = 4, LoraTarget = "q_proj,v_proj" });

    static readonly List<TokenizedExample> Data = FullModelForTests.CountingData(16, 10, 320, 3);

    /// <summary>A finished 6-step run with checkpoint-2, -4 and -6, trained once for the class.</summary>
    public sealed class FinishedRun : IDisposable
    {
        readonly TempDir _dir = TestPaths.NewTempDir();

        public string Path => _dir.Path;

        public FinishedRun()
        {
            using var m = Lora();
            TrainingRecipe.Run(new TrainingJob(m, Data, [], Args, Path, 0, false, 64));
        }

        public void Dispose() => _dir.Dispose();
    }

    /// <summary>A copy of the finished run for one test to damage.</summary>
    TempDir TrainedRun()
    {
        var copy = TestPaths.NewTempDir();
        foreach (var file in Directory.GetFiles(_run.Path, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy.Path, Path.GetRelativePath(_run.Path, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    static InvalidDataException Resume(string outputDir, string from = "true")
    {
        using var m = Lora();
        return Assert.Throws<InvalidDataException>(() => TrainingRecipe.Run(new TrainingJob(m, Data, [], Args with { ResumeFromCheckpoint = from }, outputDir, 0, false, 64)));
    }

    static void Truncate(string path) { using var f = File.OpenWrite(path); f.SetLength(f.Length / 2); }

    [Theory]
    [InlineData("trainer_state.json", "not valid JSON", "is not a valid trainer state (line 1, byte 2:")]
    [InlineData("trainer_state.json", "a field missing", "missing required properties")]
    [InlineData("adapter_model.safetensors", "truncated", "the file is truncated")]
    [InlineData("adapter_model.safetensors", "missing", "adapter_model.safetensors is missing")]
    [InlineData("adapter_config.json", "not valid JSON", "adapter_config.json is not valid JSON")]
    [InlineData("optimizer.bin", "truncated", "optimizer.bin has")]
    [InlineData("trainable.safetensors", "missing", "trainable.safetensors is missing")]
    public void A_damaged_checkpoint_is_named_with_its_file_and_the_newest_intact_one(string file, string damage, string expected)
    {
        using var run = TrainedRun();
        string last = Path.Combine(run.Path, "checkpoint-6"), path = Path.Combine(last, file);
        switch (damage)
        {
            case "not valid JSON": File.WriteAllText(path, "{global_step: 6}"); break;
            case "a field missing": File.WriteAllText(path, """{"GlobalStep": 6, "TotalSteps": 6}"""); break;
            case "truncated": Truncate(path); break;
            default: File.Delete(path); break;
        }
        var log = File.ReadAllText(Path.Combine(run.Path, TrainerLog.FileName));

        var e = Resume(run.Path);
        Assert.Contains(expected, e.Message);
        Assert.Contains(path, e.Message);
        Assert.StartsWith($"checkpoint {last} cannot be resumed: ", e.Message);
        Assert.Contains($"the newest intact checkpoint before it is {Path.Combine(run.Path, "checkpoint-4")}", e.Message);
        Assert.Equal(log, File.ReadAllText(Path.Combine(run.Path, TrainerLog.FileName)));            // nothing ran
        Assert.Equal(Path.Combine(run.Path, "checkpoint-4"), TrainingCheckpoint.NewestIntact(run.Path));
    }

    [Fact]
    public void With_two_damaged_checkpoints_the_intact_one_before_both_is_named_and_an_explicit_path_is_checked_too()
    {
        using var run = TrainedRun();
        File.WriteAllText(Path.Combine(run.Path, "checkpoint-6", "trainer_state.json"), "garbage");
        Truncate(Path.Combine(run.Path, "checkpoint-4", "optimizer.bin"));
        Assert.Contains($"before it is {Path.Combine(run.Path, "checkpoint-2")}", Resume(run.Path).Message);

        var e = Resume(run.Path, Path.Combine(run.Path, "checkpoint-4"));
        Assert.Contains(Path.Combine(run.Path, "checkpoint-4", "optimizer.bin"), e.Message);
        Assert.Contains($"before it is {Path.Combine(run.Path, "checkpoint-2")}", e.Message);

        Truncate(Path.Combine(run.Path, "checkpoint-2", "trainable.safetensors"));
        Assert.EndsWith("no earlier checkpoint in its folder is intact", Resume(run.Path).Message);
    }

    [Fact]
    public void An_intact_checkpoint_passes_and_a_cut_last_log_line_is_dropped_on_resume()
    {
        using var run = TrainedRun();
        Assert.Null(TrainingCheckpoint.Damage(Path.Combine(run.Path, "checkpoint-6")));
        string logPath = Path.Combine(run.Path, TrainerLog.FileName);
        var lines = File.ReadAllLines(logPath);
        File.AppendAllText(logPath, "{\"current_st");                                              // killed while appending step 7's line
        using (var m = Lora())
            TrainingRecipe.Run(new TrainingJob(m, Data, [], Args with { ResumeFromCheckpoint = "true" }, run.Path, 0, false, 64));
        Assert.Equal(lines, File.ReadAllLines(logPath));

        File.WriteAllLines(logPath, [lines[0], "not json", .. lines[1..]]);
        using var m2 = Lora();
        var e = Assert.Throws<InvalidDataException>(() => TrainingRecipe.Run(new TrainingJob(m2, Data, [], Args with { ResumeFromCheckpoint = "true" }, run.Path, 0, false, 64)));
        Assert.Contains($"{logPath} line 2 is not a trainer log entry", e.Message);
    }
}
