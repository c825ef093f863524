// A base causal LM wrapped by a fine-tuning method, as Hugging Face PEFT's PeftModelForCausalLM (peft_model.py):
// LoRA / bottleneck adapters live inside the base model's layers; prompt tuning prepends P virtual token
// embeddings (mask gets P leading ones, labels P leading −100, logits keep the virtual positions, position_ids are
// dropped); prefix tuning passes per-layer key/value prefixes (mask gets P leading ones, positions start at P).
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using SharpTune.Core.Peft.Adapter;
using SharpTune.Core.Peft.Lora;
using SharpTune.Core.Peft.PrefixTuning;
using SharpTune.Core.Peft.PromptTuning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft;

public sealed partial class PeftModel : nn.Module, ICausalLM, Training.ITrainableModel
{
    public LlamaForCausalLM base_model;
    /// <summary><see cref="PromptEmbedding"/> (prompt tuning), <see cref="PrefixEncoder"/> (prefix tuning) or null.</summary>
    public nn.Module? prompt_encoder;

    /// <summary>finetuning_type: lora, full, freeze, prompt_tuning, prefix_tuning or adapter.</summary>
    public string Method { get; }
    /// <summary>The adapter's config (null for full and freeze).</summary>
    public AdapterConfig? Adapter { get; }
    /// <summary>LoRA layers by HF module path (model.layers.0.self_attn.q_proj).</summary>
    public IReadOnlyDictionary<string, LoraLinear> LoraLayers { get; }
    /// <summary>Bottleneck adapters by path (model.layers.0.adapter_mlp).</summary>
    public IReadOnlyDictionary<string, BottleneckAdapter> Adapters { get; }
    bool adapter_disabled;
    /// <summary>The base values of modules_to_save, restored while the adapter is disabled (PEFT's ModulesToSaveWrapper original_module).</summary>
    readonly List<(Tensor live, Tensor original)> modules_to_save_original = [];

    internal PeftModel(LlamaForCausalLM base_model, nn.Module? prompt_encoder, string method, AdapterConfig? adapter,
        IReadOnlyDictionary<string, LoraLinear> lora, IReadOnlyDictionary<string, BottleneckAdapter> adapters) : base(nameof(PeftModel))
    {
        this.base_model = base_model;
        this.prompt_encoder = prompt_encoder;
        Method = method;
        Adapter = adapter;
        LoraLayers = lora;
        Adapters = adapters;
        RegisterComponents();
        if (adapter is not null)
            foreach (var (_, p) in AdapterStateDict.ModulesToSave(base_model, adapter.ModulesToSave))
                modules_to_save_original.Add((p, p.detach().clone().DetachFromDisposeScope()));
    }

    public ModelConfig config => base_model.config;

    /// <summary>Number of virtual tokens prepended (prompt / prefix tuning), else 0.</summary>
    public long num_virtual_tokens => prompt_encoder switch
    {
        PromptEmbedding p => p.num_virtual_tokens,
        PrefixEncoder p => p.num_virtual_tokens,
        _ => 0,
    };

    public CausalLMOutput forward(CausalLMInputs a)
    {
        if (prompt_encoder is null || adapter_disabled) return base_model.forward(a);
        using var scope = NewDisposeScope();
        long P = num_virtual_tokens;
        bool prefill = a.cache is null || a.cache.Length == 0;
        var embed = base_model.model.embed_tokens;
        long B = (a.input_ids ?? a.inputs_embeds ?? throw new ArgumentException("give input_ids or inputs_embeds")).shape[0];
        var mask = a.attention_mask is null ? null
            : cat([ones(B, P, dtype: a.attention_mask.dtype, device: a.attention_mask.device), a.attention_mask], 1); // (B, P+S)
        var inputs = a with { attention_mask = mask, position_ids = null };                  // PEFT drops position_ids
        if (prompt_encoder is PromptEmbedding prompt && prefill)
        {
            var tokens = a.inputs_embeds ?? embed.forward(a.input_ids!);                      // (B, T, H)
            var virtual_tokens = prompt.forward(B).to_type(tokens.dtype);                     // (B, P, H)
            var labels = a.labels is null ? null
                : cat([full(B, P, -100L, dtype: a.labels.dtype, device: a.labels.device), a.labels], 1); // (B, P+T)
            inputs = inputs with { input_ids = null, inputs_embeds = cat([virtual_tokens, tokens], 1), labels = labels };
        }
        else if (prompt_encoder is PrefixEncoder prefix && prefill)
        {
            inputs = inputs with { prefix_key_values = prefix.forward(B, embed.weight!.dtype) }; // L × (B, kv, P, hd)
        }
        var output = base_model.forward(inputs);
        output.logits.MoveToOuterDisposeScope();
        output.loss?.MoveToOuterDisposeScope();
        if (output.hidden_states is { } hs) foreach (var h in hs) h.MoveToOuterDisposeScope();
        return output;
    }

    public KvCache create_cache(long batch, long capacity) => base_model.create_cache(batch, capacity + num_virtual_tokens);

    /// <summary>Runs the base model alone until the returned scope is disposed (PEFT's disable_adapter()).</summary>
    public IDisposable DisableAdapter()
    {
        if (LoraLayers.Values.Any(l => l.merged)) throw new InvalidOperationException("the adapter is merged into the base weights; call Unmerge() before disabling it");
        SetDisabled(true);
        return new Restore(() => SetDisabled(false));
    }

    void SetDisabled(bool value)
    {
        if (value == adapter_disabled) return;
        using (no_grad())
            foreach (var (live, original) in modules_to_save_original)
            {
                using var trained = live.clone();
                live.copy_(original);                                                          // swap base ↔ trained values
                original.copy_(trained);
            }
        adapter_disabled = value;
        foreach (var l in LoraLayers.Values) l.disabled = value;
        foreach (var ad in Adapters.Values) ad.disabled = value;
    }

    sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>The parameters that train (requires_grad), named as PEFT names them (base_model.model.model.layers.0.….lora_A.weight, prompt_encoder.embedding.weight).</summary>
    public IReadOnlyList<(string name, Parameter parameter)> TrainableParameters() =>
        named_parameters().Where(p => p.parameter.requires_grad).Select(p => (PeftName(p.name), p.parameter)).ToList();

    /// <summary>PEFT's name of one of this model's parameters: base_model.X → base_model.model.X (PEFT's LoraModel wraps the HF model once more).</summary>
    public static string PeftName(string name) =>
        name.StartsWith("base_model.", StringComparison.Ordinal) ? "base_model.model." + name["base_model.".Length..] : name;

    protected override void Dispose(bool disposing)
    {
        if (disposing) foreach (var (_, original) in modules_to_save_original) original.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Trainable / total parameter counts of this model.</summary>
    public ParameterReport Report() => ParameterReport.Of(this);
}
