using System.CommandLine;
using SharpTune.Core.Data;
using SharpTune.Text.Curation;
using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Cli.Commands;

/// <summary>The input options every `data` subcommand shares: a file or a dataset_info.json entry, its format and sides.</summary>
internal sealed class DataInputOptions
{
    public Option<string?> Input { get; } = new("--input") { Description = "JSONL or JSON file (optionally .gz)." };
    public Option<string?> Dataset { get; } = new("--dataset") { Description = "A dataset of dataset_info.json instead of --input (its columns and tags are used)." };
    public Option<string> DatasetDir { get; } = new("--dataset_dir") { Description = "Folder of dataset_info.json.", DefaultValueFactory = _ => "data" };
    public Option<string> Format { get; } = new("--format") { Description = "pairs, alpaca or sharegpt.", DefaultValueFactory = _ => "pairs" };
    public Option<string> Src { get; } = new("--src") { Description = "Pairs: source field and language code.", DefaultValueFactory = _ => "en" };
    public Option<string?> Tgt { get; } = new("--tgt") { Description = "Pairs: target field and language code (default es); instruction data: expected response language." };
    public Option<string?> StratifyBy { get; } = new("--stratify_by") { Description = "FIELD, FIELD:SEP (prefix before SEP, e.g. id:#) or @length: every stratum keeps its share." };
    public Option<bool> SkipInvalid { get; } = new("--skip_invalid") { Description = "Skip unreadable records and count them by cause (default: stop at the first, naming file:line)." };
    public Option<string?> LangidProfile { get; } = new("--langid_profile") { Description = "Language profile from `data langid` (default: the bundled en/es/th/zh one)." };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Input, Dataset, DatasetDir, Format, Src, Tgt, StratifyBy, SkipInvalid, LangidProfile }) cmd.Options.Add(o);
    }

    public LanguageIdentifier? Identifier(ParseResult parse) => parse.GetValue(LangidProfile) is { } p ? LanguageIdentifier.Load(p) : null;

    /// <summary>The input file and its format, from --input/--format or from a dataset_info.json entry.</summary>
    public (string Input, RecordFormat Format) Resolve(ParseResult parse)
    {
        string? tgt = parse.GetValue(Tgt);
        if (parse.GetValue(Dataset) is { } name)
        {
            string dir = parse.GetValue(DatasetDir)!;
            var attr = DatasetRegistry.Resolve(dir, [name])[0];
            var kind = RecordFormat.ParseKind(attr.Formatting);
            return (Path.Combine(dir, attr.FileName), new RecordFormat
            {
                Kind = kind,
                Prompt = attr.Prompt, Query = attr.Query, Response = attr.Response,
                Messages = attr.Messages, RoleTag = attr.RoleTag, ContentTag = attr.ContentTag,
                UserTag = attr.UserTag, AssistantTag = attr.AssistantTag, ResponseLanguage = tgt,
            });
        }
        string input = parse.GetValue(Input) ?? throw new ArgumentException("Give --input FILE or --dataset NAME.");
        var k = RecordFormat.ParseKind(parse.GetValue(Format)!);
        return (input, k == RecordKind.Pairs
            ? new RecordFormat { Kind = k, Source = parse.GetValue(Src)!, Target = tgt ?? "es" }
            : new RecordFormat { Kind = k, ResponseLanguage = tgt });
    }
}
