using System.Globalization;
using SharpTune.Core.Evaluation;
using Spectre.Console;

namespace SharpTune.Cli;

/// <summary>
/// compare_with_base's printout: a few held-out prompts with the base model's and the fine-tuned model's answers
/// side by side, then chrF and BLEU of both over all prompts.
/// </summary>
internal static class ComparisonView
{
    const int Rows = 4, MaxChars = 160;

    public static void Write(BaseComparison c, string outputDir)
    {
        // bound to the current standard output (not Spectre's cached console) so redirected output gets the table too
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("prompt");
        table.AddColumn("base model");
        table.AddColumn("fine-tuned");
        table.AddColumn("reference");
        foreach (var r in c.Rows(Rows))
            table.AddRow(Cell(LastLines(r.Prompt)), Cell(r.Base), Cell(r.FineTuned), Cell(r.Label));
        console.Write(table);
        var scores = new Table().Border(TableBorder.Simple);
        scores.AddColumn("");
        scores.AddColumn(new TableColumn("chrF").RightAligned());
        scores.AddColumn(new TableColumn("BLEU").RightAligned());
        scores.AddRow("base model", F(c.BaseChrf), F(c.BaseBleu));
        scores.AddRow("fine-tuned", F(c.FineTunedChrf), F(c.FineTunedBleu));
        console.Write(scores);
        // plain text, not wrapped at the console width, so the paths stay whole
        Console.Out.WriteLine($"all {c.FineTuned.Predictions.Count} answers: {Path.Combine(outputDir, "generated_predictions.jsonl")} "
            + $"and {Path.Combine(outputDir, "generated_predictions" + BaseComparison.BaseSuffix + ".jsonl")}");
    }

    static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The prompt without the template's fixed system text: its last non-empty lines (instruction, input).</summary>
    static string LastLines(string prompt)
    {
        var lines = prompt.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join("\n", lines.Skip(Math.Max(0, lines.Length - 3)));
    }

    static Spectre.Console.Text Cell(string s)
    {
        string t = s.Length > MaxChars ? s[..MaxChars] + "…" : s;
        return new Spectre.Console.Text(t.Length == 0 ? "(empty)" : t);
    }
}
