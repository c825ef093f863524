namespace SharpTune.Core.Configuration;

/// <summary>
/// Keys of LLaMA-Factory's and the Hugging Face Trainer's that its example recipes carry (examples/train_lora/*.yaml)
/// but that mean nothing here: they are accepted, so those recipes run unchanged, and each one given is reported with
/// the reason it has no effect. Any other unknown key is still an error.
/// </summary>
public static class InertArguments
{
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["trust_remote_code"] = "architectures are built in; no model code is downloaded or run",
        ["overwrite_cache"] = "there is no preprocessing cache: datasets are tokenized on every run",
        ["preprocessing_num_workers"] = "datasets are tokenized in this process",
        ["dataloader_num_workers"] = "batches are built in this process",
        ["ddp_timeout"] = "training runs in one process",
        ["deepspeed"] = "training runs on one device; DeepSpeed / ZeRO are not available",
        ["save_only_model"] = "checkpoints always hold the optimizer, scheduler and RNG state, so that resuming is exact",
        ["flash_attn"] = "attention runs SharpTune's causal block kernel (eager_attention true selects the plain path)",
        ["enable_liger_kernel"] = "the fused linear cross-entropy and RMSNorm kernels are always on",
        ["use_unsloth"] = "Unsloth's kernels are CUDA-only; SharpTune's own kernels are always on",
        ["use_unsloth_gc"] = "use gradient_checkpointing",
    };

    /// <summary>One warning line per inert key among <paramref name="given"/>.</summary>
    public static IEnumerable<string> Warnings(IEnumerable<string> given) =>
        given.Where(Reasons.ContainsKey).Select(k => $"warning: {k} has no effect in SharpTune ({Reasons[k]})");
}
