using System.Text;

namespace SharpTune.Core.Export;

/// <summary>The README.md of an exported job: how to launch it with LLaMA-Factory and how to bring the adapter back.</summary>
internal static class ExportJobReadme
{
    public static string Text(string model, string outputDir, ExportJobOptions o, string launcher, IReadOnlyDictionary<string, string> leftOut, IReadOnlyList<string> notes)
    {
        string gpus = string.Join(",", Enumerable.Range(0, o.NumGpus));
        var sb = new StringBuilder();
        sb.Append($"""
            # LLaMA-Factory job ({o.NumGpus} GPU{(o.NumGpus > 1 ? "s" : "")}, {(o.Fsdp ? "FSDP" : $"DeepSpeed ZeRO-{o.Zero}")})

            Written by `sharptune export-job`. `job.yaml` holds the recipe with LLaMA-Factory's argument names, `data/` the
            datasets it names (with their `dataset_info.json`), `{launcher}` the {(o.Fsdp ? "accelerate FSDP" : "DeepSpeed")} settings.
            The base model is `{model}`: copy it to the same path on the training machine, or edit `model_name_or_path`.

            ## Launch (in this folder, with LLaMA-Factory installed: `pip install llamafactory[deepspeed]`)


            """);
        if (o.Fsdp)
            sb.Append($"""
                    CUDA_VISIBLE_DEVICES={gpus} accelerate launch --config_file {launcher} -m llamafactory.launcher job.yaml

                or, from a LLaMA-Factory checkout (its documented form): `accelerate launch --config_file {launcher} src/train.py job.yaml`.


                """);
        else
            sb.Append($"""
                    CUDA_VISIBLE_DEVICES={gpus} FORCE_TORCHRUN=1 llamafactory-cli train job.yaml

                On two nodes, run on each (NODE_RANK 0 on the first, 1 on the second):

                    FORCE_TORCHRUN=1 NNODES=2 NODE_RANK=0 MASTER_ADDR=<first node> MASTER_PORT=29500 llamafactory-cli train job.yaml


                """);
        sb.Append($"""
            ## Bring the result back
            LLaMA-Factory writes a PEFT adapter (`adapter_config.json`, `adapter_model.safetensors`) to `{outputDir}`.
            Copy that folder back, then serve it, evaluate it or merge it:

                sharptune api --model_name_or_path {model} --adapters job={outputDir}
                sharptune predict --model_name_or_path {model} --adapter_name_or_path {outputDir} --dataset NAME --output_dir eval
                sharptune export --model_name_or_path {model} --adapter_name_or_path {outputDir} --export_dir merged

            vLLM serves the adapter without merging: `vllm serve {model} --enable-lora --lora-modules job={outputDir}`.

            """);
        if (notes.Count > 0)
        {
            sb.Append("\n## Changed on the way\n");
            foreach (var n in notes) sb.Append("- ").Append(n).Append('\n');
        }
        if (leftOut.Count > 0)
        {
            sb.Append("\n## Left out (SharpTune keys LLaMA-Factory does not have)\n");
            foreach (var (k, why) in leftOut) sb.Append($"- `{k}`: {why}\n");
        }
        return sb.ToString();
    }
}
