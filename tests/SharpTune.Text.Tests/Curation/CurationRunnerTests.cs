using System.Text.Json.Nodes;
using SharpTune.Text.Curation;

namespace SharpTune.Text.Tests.Curation;

public sealed class CurationRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharptune-curation-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string name, params string[] lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    static string Pair(int id, string en, string es, string source = "ui") =>
        new JsonObject { ["id"] = id, ["en"] = en, ["es"] = es, ["source"] = source, ["extra"] = new JsonArray(1, 2) }.ToJsonString();

    [Fact]
    public void Kept_records_keep_every_field_in_input_order_and_dropped_ones_say_why()
    {
        string input = Write("in.jsonl",
            Pair(1, "Open file", "Abrir archivo"),
            Pair(2, "Delete %s?", "¿Eliminar?"),
            Pair(3, "Save", "Guardar"),
            Pair(4, "open file", "Abrir archivo."));
        var summary = CurationRunner.Run(new CurationOptions { Input = input, Output = Path.Combine(_dir, "out.jsonl"), Dropped = Path.Combine(_dir, "drop.jsonl") });

        Assert.Equal([File.ReadAllLines(input)[0], File.ReadAllLines(input)[2]], File.ReadAllLines(Path.Combine(_dir, "out.jsonl")));
        var dropped = File.ReadAllLines(Path.Combine(_dir, "drop.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["placeholders"], dropped[0]["curation"]!["reasons"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["duplicate"], dropped[1]["curation"]!["reasons"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(2, dropped[0]["extra"]!.AsArray().Count);
        Assert.Equal(2, summary.Kept);
        Assert.Equal(1, summary.Reasons["placeholders"]);
    }

    [Fact]
    public void Keep_top_keeps_the_share_of_every_stratum()
    {
        var lines = new List<string>();
        for (int i = 0; i < 40; i++) lines.Add(Pair(i, $"Item number {i} is ready.", $"El elemento número {i} está listo{(i % 2 == 0 ? "." : "")}", "ui"));
        for (int i = 0; i < 8; i++) lines.Add(Pair(100 + i, $"And he said {i}.", $"Y él dijo {i}.", "bible"));
        string input = Write("strata.jsonl", [.. lines]);
        var summary = CurationRunner.Run(new CurationOptions { Input = input, KeepTop = 0.25, Strata = Stratification.Parse("source") });

        Assert.Equal((40L, 10L), summary.Groups["ui"]);
        Assert.Equal((8L, 2L), summary.Groups["bible"]);
        Assert.Equal(36, summary.Reasons["rank"]);
    }

    [Fact]
    public void The_score_mode_writes_every_record_with_every_score()
    {
        string input = Write("in.jsonl", Pair(1, "Open", "Abrir"), Pair(2, "Open", "Open"));
        CurationRunner.Run(new CurationOptions { Input = input, Output = Path.Combine(_dir, "scores.jsonl"), WriteAllWithScores = true });
        var rows = File.ReadAllLines(Path.Combine(_dir, "scores.jsonl")).Select(l => JsonNode.Parse(l)!["curation"]!).ToList();
        Assert.Equal(2, rows.Count);
        Assert.True((bool)rows[0]["kept"]!);
        Assert.Contains("copy", rows[1]["reasons"]!.AsArray().Select(r => (string)r!));
        Assert.Null(rows[0]["scores"]!["placeholders"]);                              // not applicable
        Assert.NotNull(rows[0]["scores"]!["copy"]);
    }

    [Fact]
    public void A_line_that_is_not_json_is_an_error_naming_file_and_line()
    {
        string input = Write("bad.jsonl", Pair(1, "Open", "Abrir"), "{not json", Pair(3, "Save", "Guardar"));
        var e = Assert.Throws<CurationInputException>(() => CurationRunner.Run(new CurationOptions { Input = input }));
        Assert.Contains("bad.jsonl:line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_missing_a_side_is_an_error_naming_the_field()
    {
        string input = Write("missing.jsonl", Pair(1, "Open", "Abrir"), """{"id": 2, "en": "Save"}""");
        var e = Assert.Throws<CurationInputException>(() => CurationRunner.Run(new CurationOptions { Input = input }));
        Assert.Contains("missing.jsonl:line 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"es\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_invalid_counts_each_cause_and_reports_it()
    {
        string input = Write("mixed.jsonl", Pair(1, "Open", "Abrir"), "{not json", """{"en": "Save"}""", "[1]", Pair(5, "Close", "Cerrar"));
        var summary = CurationRunner.Run(new CurationOptions { Input = input, SkipInvalid = true, ReportDir = Path.Combine(_dir, "report") });
        Assert.Equal(2, summary.Total);
        Assert.Equal(1, summary.Skipped["invalid_json"]);
        Assert.Equal(1, summary.Skipped["missing_es"]);
        Assert.Equal(1, summary.Skipped["not_an_object"]);
        Assert.Contains("1 missing_es", File.ReadAllText(Path.Combine(_dir, "report", "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_array_and_a_gzip_file_are_read_like_jsonl()
    {
        string array = Path.Combine(_dir, "in.json");
        File.WriteAllText(array, $"[\n {Pair(1, "Open", "Abrir")},\n {Pair(2, "Save", "Guardar")}\n]");
        string gz = Path.Combine(_dir, "in.jsonl.gz");
        using (var f = File.Create(gz))
        using (var z = new System.IO.Compression.GZipStream(f, System.IO.Compression.CompressionLevel.Fastest))
            z.Write(System.Text.Encoding.UTF8.GetBytes(Pair(1, "Open", "Abrir") + "\n"));
        Assert.Equal(2, CurationRunner.Run(new CurationOptions { Input = array }).Kept);
        Assert.Equal(1, CurationRunner.Run(new CurationOptions { Input = gz }).Kept);
    }

    [Fact]
    public void The_report_escapes_record_text()
    {
        string input = Write("in.jsonl", Pair(1, "<script>alert(1)</script> | x", "<script>alert(1)</script> | x"));
        CurationRunner.Run(new CurationOptions { Input = input, ReportDir = Path.Combine(_dir, "r") });
        string md = File.ReadAllText(Path.Combine(_dir, "r", "report.md"));
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| x", md, StringComparison.Ordinal);
        Assert.Contains("| `copy` | 1 |", md, StringComparison.Ordinal);
    }
}
