using System.CommandLine;
using SharpTune.Core.Configuration;
using SharpTune.Core.Export;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune export-job --config recipe.yaml --output DIR --num_gpus N [--zero 2|3] [--fsdp]`: a LLaMA-Factory + DeepSpeed hand-off.</summary>
internal static class ExportJobCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The SharpTune recipe (YAML, LLaMA-Factory keys).", Required = true };
        var output = new Option<string>("--output") { Description = "Folder to write the job into.", Required = true };
        var gpus = new Option<int>("--num_gpus") { Description = "GPUs per node.", DefaultValueFactory = _ => 1 };
        var zero = new Option<int>("--zero") { Description = "DeepSpeed ZeRO stage: 2 or 3.", DefaultValueFactory = _ => 3 };
        var fsdp = new Option<bool>("--fsdp") { Description = "Use FSDP (accelerate) instead of DeepSpeed." };
        var overwrite = new Option<bool>("--overwrite_output_dir") { Description = "Allow writing into a folder that already holds files." };
        var overrides = new Argument<string[]>("overrides") { Description = "key=value overrides of the recipe.", Arity = ArgumentArity.ZeroOrMore };
        var json = CliCommon.JsonOption();
        var cmd = new Command("export-job", "Write a LLaMA-Factory job (YAML, dataset_info.json and data, DeepSpeed / FSDP config, README) for a multi-GPU run of a recipe.")
            { config, output, gpus, zero, fsdp, overwrite, overrides, json };
        cmd.SetAction(p =>
        {
            var recipe = ArgumentSet.Parse([p.GetValue(config)!, .. p.GetValue(overrides) ?? []]);
            var r = ExportJobWriter.Write(recipe, new ExportJobOptions
            {
                Output = p.GetValue(output)!, NumGpus = p.GetValue(gpus), Zero = p.GetValue(zero), Fsdp = p.GetValue(fsdp), Overwrite = p.GetValue(overwrite),
            });
            if (p.GetValue(json)) CliCommon.WriteJson(r);
            else
            {
                Console.Out.WriteLine($"wrote {r.OutputDir}: {string.Join(", ", r.Files.Where(f => !f.Contains('/')))} and {r.Files.Count(f => f.Contains('/'))} data / adapter files");
                foreach (var n in r.Notes) Console.Out.WriteLine($"  note: {n}");
                foreach (var (k, why) in r.LeftOut) Console.Out.WriteLine($"  left out {k}: {why}");
                Console.Out.WriteLine($"launch: see {Path.Combine(r.OutputDir, "README.md")}");
            }
            return 0;
        });
        return cmd;
    }
}
