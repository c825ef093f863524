using System.CommandLine;
using SharpTune.Core.Configuration;
using SharpTune.Core.Evaluation;

namespace SharpTune.Cli.Commands;

/// <summary>The options of the model-based scores of `data score | filter`: which model, adapters, template, lengths, batch.</summary>
internal sealed class DataModelOptions
{
    public Option<string?> Model { get; } = new("--model_name_or_path") { Description = "Hugging Face model folder: adds the perplexity, IFD and (pairs) cross-entropy agreement scores." };
    public Option<string?> Adapter { get; } = new("--adapter_name_or_path") { Description = "Adapter folder(s) on the model, comma-separated." };
    public Option<string?> Template { get; } = new("--template") { Description = "Chat template of the prompts (inferred from the tokenizer when omitted)." };
    public Option<int> CutoffLen { get; } = new("--cutoff_len") { Description = "Longest sequence the model sees, in tokens.", DefaultValueFactory = _ => 1024 };
    public Option<int> BatchSize { get; } = new("--batch_size") { Description = "Sequences per forward pass (length-sorted, padded).", DefaultValueFactory = _ => 8 };
    public Option<string> Device { get; } = new("--device") { Description = "auto, cpu, cuda, cuda:N.", DefaultValueFactory = _ => "auto" };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Model, Adapter, Template, CutoffLen, BatchSize, Device }) cmd.Options.Add(o);
    }

    /// <summary>The loaded model, or null without --model_name_or_path.</summary>
    public ModelDataScorer? Load(ParseResult parse)
    {
        if (parse.GetValue(Model) is not { } dir)
        {
            if (parse.GetValue(Adapter) is not null) throw new ArgumentException("--adapter_name_or_path needs --model_name_or_path.");
            return null;
        }
        var adapters = parse.GetValue(Adapter)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var args = new ModelArguments { ModelNameOrPath = dir, AdapterNameOrPath = adapters, Template = parse.GetValue(Template), Device = parse.GetValue(Device)! };
        return ModelDataScorer.Load(args, parse.GetValue(CutoffLen), parse.GetValue(BatchSize));
    }
}
