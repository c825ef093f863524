using System.CommandLine;
using SharpTune.Core.Configuration;
using SharpTune.Core.Export;
using Spectre.Console;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune export` with LLaMA-Factory's names: merged Hugging Face folder, GGUF, or GGUF LoRA.</summary>
internal static class ExportCommand
{
    public static Command Create() => LfCommand.Create(
        "export",
        "Merge adapters into the base and write a Hugging Face folder (export_format hf), a GGUF for llama.cpp / Ollama (gguf), or a GGUF LoRA (gguf-lora).",
        [typeof(ModelArguments), typeof(ExportArguments)],
        [new("json", "Print the written files as one JSON object."), new("export_device", "Accepted for LLaMA-Factory recipes; the export runs on the CPU.")],
        Run);

    static int Run(ArgumentSet args)
    {
        bool json = args.Get("json") is { } j && j != "false";
        var model = args.Bind<ModelArguments>();
        var export = args.Bind<ExportArguments>();
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += stop;
        try
        {
            ExportResult result = json || Console.IsErrorRedirected
                ? ModelExporter.Run(model, export, null, cts.Token)
                : AnsiConsole.Status().Start($"exporting to {export.ExportDir} …", ctx =>
                    ModelExporter.Run(model, export, f => ctx.Status($"wrote {f}"), cts.Token));
            if (json) CliCommon.WriteJson(result);
            else
            {
                Console.Out.WriteLine($"exported {result.Format} to {result.ExportDir}");
                foreach (var f in result.Files) Console.Out.WriteLine($"  {f.Name,-40} {f.Bytes,14:N0} bytes");
            }
            return 0;
        }
        finally { Console.CancelKeyPress -= stop; }
    }
}
