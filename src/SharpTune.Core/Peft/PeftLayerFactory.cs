// The layer factory that puts a fine-tuning method's modules into a model while it is built: LoRA layers for
// the target linears (PEFT's LoraModel._create_and_replace, decided up front instead of by replacement) and
// bottleneck adapters after attention / MLP (Houlsby) or after the MLP only (Pfeiffer).
using System.Text.RegularExpressions;
using SharpTune.Core.Modeling;
using SharpTune.Core.Peft.Adapter;
using SharpTune.Core.Peft.Lora;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft;

internal sealed class PeftLayerFactory(AdapterConfig? config, ScalarType adapterDtype) : ILayerFactory
{
    /// <summary>The LoRA layers created, by HF module path (model.layers.0.self_attn.q_proj).</summary>
    public Dictionary<string, LoraLinear> LoraLayers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, BottleneckAdapter> Adapters { get; } = new(StringComparer.Ordinal);
    readonly List<string> _linearPaths = [];

    public nn.Module<Tensor, Tensor> Linear(string path, long in_features, long out_features, bool bias, ScalarType dtype)
    {
        _linearPaths.Add(path);
        if (config is not { PeftType: AdapterConfig.Lora } c || !IsTarget(c, path))
            return nn.Linear(in_features, out_features, hasBias: bias, dtype: dtype);
        var layer = new LoraLinear(in_features, out_features, bias, dtype, adapterDtype, c.R, c.Scaling, c.LoraDropout, c.UseDora);
        LoraLayers[path] = layer;
        return layer;
    }

    public nn.Module<Tensor, Tensor>? AfterAttention(int layer, long hidden_size) =>
        config is { PeftType: AdapterConfig.Bottleneck, AdapterType: "houlsby" } ? NewAdapter($"model.layers.{layer}.adapter_attn", hidden_size) : null;

    public nn.Module<Tensor, Tensor>? AfterMlp(int layer, long hidden_size) =>
        config is { PeftType: AdapterConfig.Bottleneck } ? NewAdapter($"model.layers.{layer}.adapter_mlp", hidden_size) : null;

    BottleneckAdapter NewAdapter(string path, long hidden)
    {
        if (config!.AdapterType is not ("houlsby" or "pfeiffer"))
            throw new NotSupportedException($"adapter_type '{config.AdapterType}' is not one of houlsby, pfeiffer");
        var a = new BottleneckAdapter(hidden, config.AdapterSize, config.NonLinearity, adapterDtype);
        Adapters[path] = a;
        return a;
    }

    /// <summary>PEFT's check_target_module_exists: the path equals a target or ends with "." + target; a string is a full-match regex.</summary>
    public static bool IsTarget(AdapterConfig c, string path) =>
        c.TargetModulesRegex is { } rx
            ? Regex.IsMatch(path, "^(?:" + rx + ")$", RegexOptions.CultureInvariant)
            : c.TargetModules.Any(t => path == t || path.EndsWith("." + t, StringComparison.Ordinal));

    /// <summary>Throws when a LoRA target name matched no linear layer, naming the target and the available names.</summary>
    public void CheckTargetsFound()
    {
        if (config is not { PeftType: AdapterConfig.Lora } c) return;
        var names = _linearPaths.Select(p => p[(p.LastIndexOf('.') + 1)..]).Distinct().ToList();
        if (c.TargetModulesRegex is { } rx && LoraLayers.Count == 0)
            throw new ArgumentException($"LoRA target_modules regex '{rx}' matches no linear layer of the model");
        foreach (var t in c.TargetModules)
            if (!_linearPaths.Any(p => p == t || p.EndsWith("." + t, StringComparison.Ordinal)))
                throw new ArgumentException($"LoRA target module '{t}' is not a linear layer of the model (available: {string.Join(", ", names)})");
    }
}
