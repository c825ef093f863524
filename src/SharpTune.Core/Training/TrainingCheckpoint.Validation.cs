using System.Text.Json;
using SharpTune.Core.Checkpoints;

namespace SharpTune.Core.Training;

// Checking a checkpoint before resuming from it: a damaged one (edited, half copied, cut short by a full disk) is named
// with the file at fault, and the newest intact checkpoint before it is named too; the run never silently falls back to
// an older checkpoint, since that would train steps again that the user believes done.
public static partial class TrainingCheckpoint
{
    static readonly JsonSerializerOptions StrictState = new() { RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true };

    /// <summary>
    /// Why checkpoint <paramref name="dir"/> cannot be resumed from, as one clause naming the file (null when intact):
    /// trainer_state.json missing, not valid JSON, lacking a field or of another step; a file the state lists missing or of
    /// another length than written; trainable / RNG / optimizer state missing; a safetensors header or JSON file that does
    /// not parse. Reads headers and lengths only, never the tensors.
    /// </summary>
    public static string? Damage(string dir)
    {
        string statePath = Path.Combine(dir, StateFile);
        if (!File.Exists(statePath)) return $"{statePath} is missing";
        TrainerState state;
        try { state = ReadState(dir); }
        catch (InvalidDataException e) { return e.Message; }
        if (int.TryParse(Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)).Replace("checkpoint-", "", StringComparison.Ordinal), out int step) && step != state.GlobalStep)
            return $"{statePath} says global step {state.GlobalStep}, but the folder is the checkpoint of step {step}";
        foreach (var name in new[] { TrainableFile, OptimizerFile, RngFile })
            if (!File.Exists(Path.Combine(dir, name))) return $"{Path.Combine(dir, name)} is missing";
        foreach (var file in Directory.GetFiles(dir))                                            // what a format can say first
        {
            if (file.EndsWith(".safetensors", StringComparison.Ordinal))
                try { SafetensorsReader.Open(file).Dispose(); }
                catch (SafetensorsFormatException e) { return e.Message; }
            else if (file.EndsWith(".json", StringComparison.Ordinal) && !file.EndsWith(StateFile, StringComparison.Ordinal))
                try { using var _ = JsonDocument.Parse(File.ReadAllBytes(file)); }
                catch (JsonException e) { return $"{file} is not valid JSON ({Describe(e)})"; }
        }
        foreach (var (name, length) in state.Files ?? new Dictionary<string, long>())            // then lengths, for optimizer.bin and the rest
        {
            var file = new FileInfo(Path.Combine(dir, name));
            if (!file.Exists) return $"{file.FullName} is missing";
            if (file.Length != length) return $"{file.FullName} has {file.Length} bytes, {length} were written";
        }
        return null;
    }

    /// <summary>The newest checkpoint of <paramref name="outputDir"/> below step <paramref name="belowStep"/> that <see cref="Damage"/> passes, or null.</summary>
    public static string? NewestIntact(string outputDir, int belowStep = int.MaxValue) =>
        List(outputDir).Where(c => c.Step < belowStep).Reverse().Select(c => c.Path).FirstOrDefault(p => Damage(p) is null);

    /// <summary>trainer_state.json of <paramref name="dir"/>, every field present; a file that is not one is an error naming it.</summary>
    static TrainerState ReadState(string dir)
    {
        string path = Path.Combine(dir, StateFile);
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllBytes(path), StrictState) ?? throw new InvalidDataException($"{path} holds null, not a trainer state");
        }
        catch (JsonException e) { throw new InvalidDataException($"{path} is not a valid trainer state ({Describe(e)})", e); }
    }

    /// <summary>"; the newest intact checkpoint is …" for the checkpoints of the same output folder before <paramref name="dir"/>.</summary>
    static string IntactHint(string dir)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        string parent = Path.GetDirectoryName(full) ?? ".";
        int step = int.TryParse(Path.GetFileName(full).Replace("checkpoint-", "", StringComparison.Ordinal), out int s) ? s : int.MaxValue;
        return NewestIntact(parent, step) is { } intact
            ? $"; the newest intact checkpoint before it is {intact} (resume from it with resume_from_checkpoint {intact}, or remove {full})"
            : "; no earlier checkpoint in its folder is intact";
    }

    /// <summary>A JSON error as "line L, byte B: what", 1-based, without System.Text.Json's path suffix.</summary>
    static string Describe(JsonException e)
    {
        string what = e.Message;
        int cut = what.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0) what = what[..cut];
        return e.LineNumber is { } line ? $"line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {what}" : what;
    }
}
