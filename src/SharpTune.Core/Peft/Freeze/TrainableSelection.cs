// Which base parameters train under full and freeze tuning, as LLaMA-Factory's model/adapter.py
// _setup_full_tuning / _setup_freeze_tuning: freeze_trainable_layers N > 0 trains the last N layers, N < 0 the
// first |N|; freeze_trainable_modules picks modules inside those layers ("all" = whole layers); freeze_extra_modules
// adds modules outside the layers (embed_tokens, norm, lm_head). Selection is by requires_grad.
using SharpTune.Core.Modeling;

namespace SharpTune.Core.Peft.Freeze;

public static class TrainableSelection
{
    /// <summary>Every parameter trains (full fine-tuning).</summary>
    public static void Full(LlamaForCausalLM model)
    {
        foreach (var (_, p) in model.named_parameters()) p.requires_grad = true;
    }

    /// <summary>Freezes all parameters except the chosen layers' modules and the extra modules (LLaMA-Factory semantics).</summary>
    public static void Freeze(LlamaForCausalLM model, FinetuningOptions o)
    {
        var patterns = Patterns(model, o);
        var extra = FinetuningOptions.SplitList(o.FreezeExtraModules);
        foreach (var (name, p) in model.named_parameters())
        {
            string module = name[..Math.Max(0, name.LastIndexOf('.'))];
            p.requires_grad = patterns.Any(t => name.Contains(t, StringComparison.Ordinal))
                || extra.Any(m => module == m || module.EndsWith("." + m, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The substrings a trainable layer parameter's name contains: ".{i}." / ".{i}.{module}" per layer. Extra modules
    /// match by module path (…embed_tokens, …norm, lm_head), not by substring, so "norm" does not pick the layer norms.
    /// </summary>
    public static IReadOnlyList<string> Patterns(LlamaForCausalLM model, FinetuningOptions o)
    {
        int L = model.config.NumHiddenLayers, n = o.FreezeTrainableLayers;
        if (n == 0) throw new ArgumentException("freeze_trainable_layers must not be 0");
        var ids = n > 0 ? Enumerable.Range(Math.Max(0, L - n), L - Math.Max(0, L - n)) : Enumerable.Range(0, Math.Min(-n, L));
        var names = model.named_parameters().Select(p => p.name).ToList();
        var hidden = names.Where(s => s.Contains(".0.", StringComparison.Ordinal))
            .Select(s => s[(s.IndexOf(".0.", StringComparison.Ordinal) + 3)..].Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        var nonHidden = names.Where(s => !s.Contains(".layers.", StringComparison.Ordinal))
            .Select(s => s.Split('.') is var parts && parts.Length >= 2 ? parts[^2] : s).ToHashSet(StringComparer.Ordinal);
        var patterns = new List<string>();
        foreach (var m in FinetuningOptions.SplitList(o.FreezeTrainableModules))
        {
            if (m != "all" && !hidden.Contains(m))
                throw new ArgumentException($"freeze_trainable_modules: module '{m}' is not found, choose from {string.Join(", ", hidden.Order())} or all");
            patterns.AddRange(ids.Select(i => m == "all" ? $".{i}." : $".{i}.{m}"));
        }
        foreach (var m in FinetuningOptions.SplitList(o.FreezeExtraModules))
        {
            if (!nonHidden.Contains(m))
                throw new ArgumentException($"freeze_extra_modules: module '{m}' is not found, choose from {string.Join(", ", nonHidden.Order())}");
        }
        return patterns;
    }
}
