using System.CommandLine;
using SharpTune.Core.Checkpoints;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune convert --from llama2c`: a llama2.c checkpoint (+ SentencePiece tokenizer) to a Hugging Face folder.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Source format (llama2c).", Required = true };
        var model = new Option<string>("--model") { Description = "llama2.c checkpoint (.bin).", Required = true };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "SentencePiece .model of the checkpoint (written as tokenizer.json)." };
        var output = new Option<string>("--output") { Description = "Output folder.", Required = true };
        var json = CliCommon.JsonOption();
        var cmd = new Command("convert", "Convert a checkpoint from another format to a Hugging Face model folder.") { from, model, tokenizer, output, json };
        cmd.SetAction(p =>
        {
            string f = p.GetValue(from)!;
            if (f != "llama2c") throw new ArgumentException($"--from '{f}' is not supported (supported: llama2c)");
            var config = Llama2cImporter.Convert(p.GetValue(model)!, p.GetValue(output)!, p.GetValue(tokenizer));
            if (p.GetValue(json)) CliCommon.WriteJson(new { output = p.GetValue(output), model_type = config.ModelType, layers = config.NumHiddenLayers, vocab_size = config.VocabSize });
            else Console.Out.WriteLine($"wrote {p.GetValue(output)} ({config.NumHiddenLayers} layers, hidden {config.HiddenSize}, vocab {config.VocabSize})");
            return 0;
        });
        return cmd;
    }
}
