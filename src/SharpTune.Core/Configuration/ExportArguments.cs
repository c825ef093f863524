using System.ComponentModel;

namespace SharpTune.Core.Configuration;

/// <summary>What `sharptune export` writes (LLaMA-Factory's export_* arguments, plus export_format / export_quantization for GGUF).</summary>
public sealed record ExportArguments
{
    [Description("Folder to write the exported model into.")]
    public string? ExportDir { get; init; }

    [Description("Largest safetensors shard, in GB (10^9 bytes), as LLaMA-Factory's export_size.")]
    public double ExportSize { get; init; } = 5;

    [Description("Must stay false: the legacy format is a pickle (pytorch_model.bin), which SharpTune never writes.")]
    public bool ExportLegacyFormat { get; init; }

    [Description("Weights dtype of a Hugging Face export: float32, bfloat16, float16 (default: the base checkpoint's).")]
    public string? ExportDtype { get; init; }

    [Description("hf (merged safetensors folder), gguf (merged model for llama.cpp / Ollama) or gguf-lora (the LoRA adapter for llama.cpp).")]
    public string ExportFormat { get; init; } = "hf";

    [Description("GGUF tensor type: f32, f16, bf16 or q8_0.")]
    public string ExportQuantization { get; init; } = "f16";

    [Description("Allow writing into a folder that already holds files.")]
    public bool OverwriteOutputDir { get; init; }
}
