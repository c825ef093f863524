using System.Text.Json;
using SharpTune.Core.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SharpTune.Text.IO;

namespace SharpTune.Core.Training;

/// <summary>Loop position stored with a checkpoint: enough to continue exactly.</summary>
public sealed record TrainerState(int GlobalStep, int TotalSteps, int Epoch, int MicroBatchInEpoch, double TrainLossSum, int TrainLossCount);

/// <summary>
/// Hugging Face Trainer-style checkpoints `output_dir/checkpoint-&lt;step&gt;`: the saved model or adapter, the
/// trainable tensors, optimizer state, torch RNG state and loop position. Written into a temporary folder that is
/// renamed into place, so a run killed at any moment leaves only complete checkpoints.
/// </summary>
public static class TrainingCheckpoint
{
    const string StateFile = "trainer_state.json", TrainableFile = "trainable.safetensors", OptimizerFile = "optimizer.bin", RngFile = "rng_state.safetensors";

    public static string Save(string outputDir, ITrainableModel model, AdamW optimizer, TrainerState state, int? saveTotalLimit)
    {
        string final = Path.Combine(outputDir, $"checkpoint-{state.GlobalStep}");
        string tmp = Path.Combine(outputDir, $".checkpoint-{state.GlobalStep}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(tmp);
        model.Save(tmp);
        SafetensorsWriter.Write(Path.Combine(tmp, TrainableFile), model.TrainableParameters().Select(p => KeyValuePair.Create(p.name, (Tensor)p.parameter)));
        AtomicFile.Write(Path.Combine(tmp, OptimizerFile), s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); optimizer.save_state_dict(w); });
        using (var rng = TorchSharp.torch.random.get_rng_state())
            SafetensorsWriter.Write(Path.Combine(tmp, RngFile), [KeyValuePair.Create("cpu", rng)]);
        AtomicFile.WriteAllText(Path.Combine(tmp, StateFile), JsonSerializer.Serialize(state, new JsonSerializerOptions { WriteIndented = true }));
        if (Directory.Exists(final)) Directory.Delete(final, true);
        Directory.Move(tmp, final);
        Rotate(outputDir, saveTotalLimit);
        return final;
    }

    /// <summary>Restores trainable tensors, optimizer and RNG state from <paramref name="dir"/>; returns the loop position.</summary>
    public static TrainerState Load(string dir, ITrainableModel model, AdamW optimizer)
    {
        string statePath = Path.Combine(dir, StateFile);
        if (!File.Exists(statePath)) throw new FileNotFoundException($"{dir}: not a SharpTune checkpoint (no {StateFile})", statePath);
        var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(statePath))
            ?? throw new InvalidDataException($"{statePath}: empty trainer state");
        using (var reader = SafetensorsReader.Open(Path.Combine(dir, TrainableFile)))
        using (no_grad())
        {
            foreach (var (name, p) in model.TrainableParameters())
            {
                if (!reader.Contains(name)) throw new InvalidDataException($"{dir}: checkpoint lacks trainable tensor '{name}' (was it made with other fine-tuning options?)");
                using var t = reader.Read(name, p.dtype);
                if (!t.shape.SequenceEqual(p.shape)) throw new InvalidDataException($"{dir}: tensor '{name}' has shape [{string.Join(", ", t.shape)}], expected [{string.Join(", ", p.shape)}]");
                p.copy_(t);
            }
        }
        using (var s = File.OpenRead(Path.Combine(dir, OptimizerFile)))
        using (var r = new BinaryReader(s))
            optimizer.load_state_dict(r);
        using (var reader = SafetensorsReader.Open(Path.Combine(dir, RngFile)))
        using (var rng = reader.Read("cpu"))
            TorchSharp.torch.random.set_rng_state(rng);
        return state;
    }

    /// <summary>The checkpoint with the highest step in <paramref name="outputDir"/>, or null.</summary>
    public static string? Latest(string outputDir) => List(outputDir).LastOrDefault().Path;

    static List<(int Step, string Path)> List(string outputDir) =>
        !Directory.Exists(outputDir) ? [] : Directory.GetDirectories(outputDir, "checkpoint-*")
            .Select(d => (Ok: int.TryParse(Path.GetFileName(d)["checkpoint-".Length..], out int s), Step: s, Path: d))
            .Where(x => x.Ok && File.Exists(Path.Combine(x.Path, StateFile))).OrderBy(x => x.Step).Select(x => (x.Step, x.Path)).ToList();

    static void Rotate(string outputDir, int? limit)
    {
        if (limit is not { } keep || keep <= 0) return;
        var all = List(outputDir);
        foreach (var (_, path) in all.Take(Math.Max(0, all.Count - keep))) Directory.Delete(path, true);
    }
}
