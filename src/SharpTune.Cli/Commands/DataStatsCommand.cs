using System.CommandLine;
using System.Globalization;
using SharpTune.Text.Curation;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune data stats`: summarise a file (lengths, languages, identical sides, duplicates, strata).</summary>
internal static class DataStatsCommand
{
    public static Command Create()
    {
        var io = new DataInputOptions();
        var json = CliCommon.JsonOption();
        var cmd = new Command("stats", "Summarise a data file: lengths per side, identified languages, identical sides, duplicates, strata.");
        io.AddTo(cmd);
        cmd.Options.Add(json);
        cmd.SetAction(parse =>
        {
            var (input, format) = io.Resolve(parse);
            var stats = DatasetStatistics.Compute(input, format, Stratification.Parse(parse.GetValue(io.StratifyBy)), parse.GetValue(io.SkipInvalid), io.Identifier(parse));
            if (parse.GetValue(json)) { CliCommon.WriteJson(stats); return 0; }
            var (a, b) = format.SideNames;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stats.Records:N0} records, {stats.IdenticalSides:N0} with identical sides, {stats.Duplicates:N0} duplicates."));
            foreach (var (name, side) in new[] { (a, stats.First), (b, stats.Second) })
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: chars mean {side.MeanChars:F1}, median {side.MedianChars}, p90 {side.P90Chars}, max {side.MaxChars}; words mean {side.MeanWords:F1}; {side.WithoutLetters:N0} without letters"));
                Console.Out.WriteLine("  languages: " + string.Join(", ", side.Languages.OrderByDescending(l => l.Value).Select(l => $"{l.Key} {l.Value:N0}")));
            }
            if (stats.Groups.Count > 1)
                foreach (var (g, n) in stats.Groups.OrderByDescending(g => g.Value)) Console.Out.WriteLine($"  {g}: {n:N0}");
            return 0;
        });
        return cmd;
    }
}
