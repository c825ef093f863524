using System.CommandLine;
using SharpTune.Server.Experiments;
using SharpTune.Server.Storage;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune ab report --db F [--experiment NAME] [--json]`: the live A/B experiments' report. Parsing only.</summary>
internal static class AbCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The database the API records responses and feedback in.", Required = true };
        var experiment = new Option<string?>("--experiment") { Description = "Report only this experiment." };
        var json = CliCommon.JsonOption();
        var report = new Command("report", "Per variant: requests, users, feedback, thumbs-up rate with Wilson interval, latency; differences, tests and the SRM check.");
        foreach (var o in new Option[] { db, experiment, json }) report.Options.Add(o);
        report.SetAction(p =>
        {
            var r = AbReportBuilder.Build(EvaluationDatabase.OpenExisting(p.GetValue(db)!).Experiments, p.GetValue(experiment));
            if (p.GetValue(json)) CliCommon.WriteJson(r);
            else Console.Out.WriteLine(AbReportText.Format(r));
            return 0;
        });
        var cmd = new Command("ab", "Live A/B experiments between served adapters.");
        cmd.Subcommands.Add(report);
        return cmd;
    }
}
