using Microsoft.Extensions.Hosting;
using SharpTune.Server.Storage;
using SharpTune.Text.Statistics;

namespace SharpTune.Server.Arena;

/// <summary>The work behind <c>sharptune arena</c>: serve, report, plan, import and export.</summary>
internal static class ArenaRunner
{
    /// <summary>Serves until the process is told to stop (Ctrl+C, SIGTERM); <paramref name="started"/> gets one line with the address.</summary>
    public static int Serve(ArenaServeOptions o, Action<string> started)
    {
        if (o.Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(o), o.Port, $"--port {o.Port} is not a TCP port (0–65535)");
        var db = EvaluationDatabase.Open(o.DbPath);
        var files = Answers(o, started);
        var items = ArenaPredictions.Load(files);
        var (app, url) = ArenaHost.Start(db, items, o.Host, o.Port).GetAwaiter().GetResult();
        started($"arena: {items.Count} items from {files.Count} models on {url}/ (results on {url}/results; votes in {db.Path}); Ctrl+C stops");
        app.WaitForShutdownAsync().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>The prediction files to serve: given, or generated next to the database (<c>DB.predictions/NAME/</c>).</summary>
    public static IReadOnlyList<(string Name, string Path)> Answers(ArenaServeOptions o, Action<string> progress)
    {
        if ((o.Predictions.Count > 0) == (o.Model is not null))
            throw new ArgumentException("arena needs either --predictions NAME=FILE,… or --model_name_or_path M --adapters NAME=PATH,… --dataset D");
        if (o.Model is null) return o.Predictions;
        if (o.Adapters.Count < 2) throw new ArgumentException("--adapters: the arena compares at least two models (NAME=PATH, PATH may be base)");
        return ArenaGeneration.Generate(o.Model, o.Data ?? new(), o.Generating ?? new(), o.Adapters, o.DbPath + ".predictions", progress: progress);
    }

    /// <summary>The report from a database or a FastChat battle log (exactly one of them).</summary>
    public static ArenaReport Report(string? dbPath, string? votesPath, int rounds, int seed)
    {
        if ((dbPath is null) == (votesPath is null)) throw new ArgumentException("arena report needs exactly one of --db FILE and --votes FILE.json");
        var votes = dbPath is not null ? EvaluationDatabase.OpenExisting(dbPath).Arena.Votes() : BattleLog.Read(votesPath!);
        return ArenaReportBuilder.Build(votes, rounds, seed);
    }

    /// <summary>Votes needed (one sample of decisive votes) and users per arm for a two-arm test of the same rates.</summary>
    public static ArenaPlan Plan(double p0, double p1, double alpha, double power) =>
        new(p0, p1, alpha, power, SampleSize.OneSample(p0, p1, alpha, power), SampleSize.PerArm(p0, p1, alpha, power));

    public static int Export(string dbPath, string output)
    {
        var votes = EvaluationDatabase.OpenExisting(dbPath).Arena.Votes();
        BattleLog.Write(output, votes);
        return votes.Count;
    }

    public static int Import(string dbPath, string votesPath) => EvaluationDatabase.Open(dbPath).Arena.Import(BattleLog.Read(votesPath));
}
