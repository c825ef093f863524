using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpTune.Core.Checkpoints;
using SharpTune.Text.IO;

namespace SharpTune.Core.Training;

/// <summary>One logged point: training loss and lr, or an evaluation loss.</summary>
public sealed record LogEntry(int Step, double? Loss, double? LearningRate, double? EvalLoss, double Epoch);

/// <summary>
/// `trainer_log.jsonl` in LLaMA-Factory's format (current_steps, total_steps, loss, lr, epoch, percentage,
/// elapsed_time, remaining_time; eval lines carry eval_loss). Lines are appended and flushed one at a time,
/// so a killed run keeps everything logged so far; a resumed run rewrites the file up to its checkpoint step.
/// </summary>
public sealed class TrainerLog
{
    public const string FileName = "trainer_log.jsonl";
    readonly string _path;
    readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries => _entries;

    public TrainerLog(string outputDir, int resumeStep)
    {
        _path = Path.Combine(outputDir, FileName);
        if (resumeStep > 0 && File.Exists(_path))
        {
            var lines = File.ReadAllLines(_path);
            var keep = lines.Select((l, i) => (Line: l, Node: l.Length > 0 ? Parse(l, i + 1, last: i == lines.Length - 1) : null))
                .Where(x => x.Node != null && x.Node["current_steps"]!.GetValue<int>() <= resumeStep).ToList();
            foreach (var o in keep.Select(x => x.Node!))
                _entries.Add(new LogEntry(o["current_steps"]!.GetValue<int>(), o["loss"]?.GetValue<double>(), o["lr"]?.GetValue<double>(),
                    o["eval_loss"]?.GetValue<double>(), o["epoch"]?.GetValue<double>() ?? 0));
            AtomicFile.WriteAllText(_path, keep.Count > 0 ? string.Join("\n", keep.Select(x => x.Line)) + "\n" : "");
        }
        else if (File.Exists(_path)) File.Delete(_path);
    }

    /// <summary>
    /// One line of the log being resumed. A line that is not a logged step is an error naming the file and line, except a
    /// cut last line (the run was killed while appending it, after its checkpoint), which is dropped.
    /// </summary>
    JsonNode? Parse(string line, int number, bool last)
    {
        try
        {
            var o = JsonNode.Parse(line);
            if (o?["current_steps"] is not JsonValue v || !v.TryGetValue<int>(out _)) throw new JsonException("no integer current_steps");
            return o;
        }
        catch (JsonException) when (last) { return null; }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_path} line {number} is not a trainer log entry ({e.Message.Split(" Path: ")[0]}); remove the line or the file to resume", e);
        }
    }

    public void Append(LogEntry e, int totalSteps, TimeSpan elapsed)
    {
        _entries.Add(e);
        var o = new JsonObject { ["current_steps"] = e.Step, ["total_steps"] = totalSteps };
        if (e.Loss is { } l) o["loss"] = l;                                                 // rounded to 4 decimals by the recipe, as the Trainer does
        if (e.EvalLoss is { } el) o["eval_loss"] = el;
        if (e.LearningRate is { } lr) o["lr"] = lr;
        o["epoch"] = Math.Round(e.Epoch, 2);
        o["percentage"] = totalSteps > 0 ? Math.Round(100.0 * e.Step / totalSteps, 2) : 100;
        o["elapsed_time"] = Clock(elapsed);
        double remaining = e.Step > 0 ? elapsed.TotalSeconds / e.Step * (totalSteps - e.Step) : 0;
        o["remaining_time"] = Clock(TimeSpan.FromSeconds(remaining));
        File.AppendAllText(_path, o.ToJsonString() + "\n");
    }

    /// <summary>Python's str(timedelta(seconds=int(s))): H:MM:SS.</summary>
    public static string Clock(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}");

    /// <summary>Writes all_results.json (train_* and eval_* metrics) atomically.</summary>
    public static void WriteResults(string outputDir, IReadOnlyDictionary<string, double> metrics) =>
        AtomicFile.WriteAllText(Path.Combine(outputDir, "all_results.json"),
            JsonSerializer.Serialize(metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value), new JsonSerializerOptions { WriteIndented = true }));
}
