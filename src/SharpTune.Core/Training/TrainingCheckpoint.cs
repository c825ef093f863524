using System.Text.Json;
using SharpTune.Core.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SharpTune.Text.IO;

namespace SharpTune.Core.Training;

/// <summary>
/// Loop position stored with a checkpoint: enough to continue exactly. <paramref name="Files"/> holds the byte length of
/// every other file of the checkpoint as it was written, so a truncated or missing file is found before resuming.
/// </summary>
public sealed record TrainerState(int GlobalStep, int TotalSteps, int Epoch, int MicroBatchInEpoch, double TrainLossSum, int TrainLossCount,
    IReadOnlyDictionary<string, long>? Files = null);

/// <summary>
/// Hugging Face Trainer-style checkpoints `output_dir/checkpoint-&lt;step&gt;`: the saved model or adapter, the
/// trainable tensors, optimizer state, torch RNG state, loop position and whatever <c>saveAlso</c> writes (the
/// tokenizer). Written into a temporary folder that is renamed into place, so a run killed at any moment leaves only
/// complete checkpoints.
/// </summary>
public static partial class TrainingCheckpoint
{
    const string StateFile = "trainer_state.json", TrainableFile = "trainable.safetensors", OptimizerFile = "optimizer.bin", RngFile = "rng_state.safetensors";

    public static string Save(string outputDir, ITrainableModel model, AdamW optimizer, TrainerState state, int? saveTotalLimit,
        Action<string>? saveAlso = null)
    {
        string final = Path.Combine(outputDir, $"checkpoint-{state.GlobalStep}");
        string tmp = Path.Combine(outputDir, $".checkpoint-{state.GlobalStep}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(tmp);
        model.Save(tmp);
        saveAlso?.Invoke(tmp);
        SafetensorsWriter.Write(Path.Combine(tmp, TrainableFile), model.TrainableParameters().Select(p => KeyValuePair.Create(p.name, (Tensor)p.parameter)));
        AtomicFile.Write(Path.Combine(tmp, OptimizerFile), s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); optimizer.save_state_dict(w); });
        using (var rng = TorchSharp.torch.random.get_rng_state())
            SafetensorsWriter.Write(Path.Combine(tmp, RngFile), [KeyValuePair.Create("cpu", rng)]);
        var files = Directory.GetFiles(tmp).ToDictionary(f => Path.GetFileName(f), f => new FileInfo(f).Length, StringComparer.Ordinal);
        AtomicFile.WriteAllText(Path.Combine(tmp, StateFile), JsonSerializer.Serialize(state with { Files = files }, new JsonSerializerOptions { WriteIndented = true }));
        if (Directory.Exists(final)) Directory.Delete(final, true);
        Directory.Move(tmp, final);
        Rotate(outputDir, saveTotalLimit);
        return final;
    }

    /// <summary>
    /// Restores trainable tensors, optimizer and RNG state from <paramref name="dir"/>; returns the loop position. A damaged
    /// checkpoint (see <see cref="Damage"/>) is refused with one sentence naming the file, before anything is restored.
    /// </summary>
    public static TrainerState Load(string dir, ITrainableModel model, AdamW optimizer)
    {
        if (Damage(dir) is { } damage) throw new InvalidDataException($"checkpoint {dir} cannot be resumed: {damage}{IntactHint(dir)}");
        var state = ReadState(dir);
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
        string optimizerPath = Path.Combine(dir, OptimizerFile);
        try
        {
            using var s = File.OpenRead(optimizerPath);
            using var r = new BinaryReader(s);
            optimizer.load_state_dict(r);
        }
        catch (Exception e) when (e is not OutOfMemoryException)             // whatever TorchSharp's reader throws on bytes it did not write
        {
            throw new InvalidDataException($"checkpoint {dir} cannot be resumed: {optimizerPath} does not hold this run's optimizer state ({e.Message}){IntactHint(dir)}", e);
        }
        using (var reader = SafetensorsReader.Open(Path.Combine(dir, RngFile)))
        using (var rng = reader.Read("cpu"))
            TorchSharp.torch.random.set_rng_state(rng);
        return state;
    }

    /// <summary>The checkpoint folder with the highest step in <paramref name="outputDir"/> (intact or not), or null.</summary>
    public static string? Latest(string outputDir) => List(outputDir).LastOrDefault().Path;

    /// <summary>The `checkpoint-N` folders of <paramref name="outputDir"/> by step, whatever they hold.</summary>
    static List<(int Step, string Path)> List(string outputDir) =>
        !Directory.Exists(outputDir) ? [] : Directory.GetDirectories(outputDir, "checkpoint-*")
            .Select(d => (Ok: int.TryParse(Path.GetFileName(d)["checkpoint-".Length..], out int s), Step: s, Path: d))
            .Where(x => x.Ok).OrderBy(x => x.Step).Select(x => (x.Step, x.Path)).ToList();

    static void Rotate(string outputDir, int? limit)
    {
        if (limit is not { } keep || keep <= 0) return;
        var all = List(outputDir);
        foreach (var (_, path) in all.Take(Math.Max(0, all.Count - keep))) Directory.Delete(path, true);
    }
}
