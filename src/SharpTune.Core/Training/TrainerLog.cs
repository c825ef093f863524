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
            var keep = File.ReadAllLines(_path).Where(l => l.Length > 0 && JsonNode.Parse(l)!["current_steps"]!.GetValue<int>() <= resumeStep).ToList();
            foreach (var l in keep)
            {
                var o = JsonNode.Parse(l)!;
                _entries.Add(new LogEntry(o["current_steps"]!.GetValue<int>(), o["loss"]?.GetValue<double>(), o["lr"]?.GetValue<double>(),
                    o["eval_loss"]?.GetValue<double>(), o["epoch"]?.GetValue<double>() ?? 0));
            }
            AtomicFile.WriteAllText(_path, keep.Count > 0 ? string.Join("\n", keep) + "\n" : "");
        }
        else if (File.Exists(_path)) File.Delete(_path);
    }

    public void Append(LogEntry e, int totalSteps, TimeSpan elapsed)
    {
        _entries.Add(e);
        var o = new JsonObject { ["current_steps"] = e.Step, ["total_steps"] = totalSteps };
        if (e.Loss is { } l) o["loss"] = Math.Round(l, 4);                                  // the Trainer rounds the training loss only
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
