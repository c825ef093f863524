using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Generation;

/// <summary>Result of <see cref="TextGenerator.Generate"/>: prompt + new ids per row, and optional per-step scores.</summary>
public sealed record GenerationResult(long[][] Sequences, int PromptLength, IReadOnlyList<float[,]>? Scores)
{
    /// <summary>Only the generated ids of each row (pads written after EOS included, as transformers does).</summary>
    public long[][] NewTokens => Sequences.Select(s => s[PromptLength..]).ToArray();
}

/// <summary>
/// Autoregressive decoding with a preallocated KV cache, as transformers' greedy_search / sample: batched
/// prompts are left-padded, positions come from the attention mask (cumsum − 1), finished rows emit pad.
/// </summary>
public static class TextGenerator
{
    public static GenerationResult Generate(ICausalLM model, long[][] prompts, GenerationOptions options, Action<int, long[]>? onStep = null)
    {
        options.Validate();
        if (prompts.Length == 0 || prompts.Any(p => p.Length == 0)) throw new ArgumentException("every prompt needs at least one token");
        int T0 = prompts.Max(p => p.Length);
        var ids = new long[prompts.Length, T0];
        var mask = new long[prompts.Length, T0];
        for (int b = 0; b < prompts.Length; b++)
        {
            int pad = T0 - prompts[b].Length;
            for (int t = 0; t < T0; t++)
            {
                ids[b, t] = t < pad ? options.PadTokenId : prompts[b][t - pad];
                mask[b, t] = t < pad ? 0 : 1;
            }
        }
        var device = model.device;
        using var input_ids = tensor(ids, device: device);
        using var attention_mask = tensor(mask, device: device);
        return Generate(model, input_ids, attention_mask, options, onStep);
    }

    /// <summary>Generates from a left-padded batch <paramref name="input_ids"/> (B, T) with its mask.</summary>
    public static GenerationResult Generate(ICausalLM model, Tensor input_ids, Tensor attention_mask, GenerationOptions o, Action<int, long[]>? onStep = null)
    {
        long B = input_ids.shape[0], T0 = input_ids.shape[1];
        var device = input_ids.device;
        using var rng = o.DoSample ? new Generator((ulong)o.Seed, device) : null;
        using var cache = model.create_cache(B, T0 + Math.Max(o.MaxNewTokens, 1));
        using var _ = no_grad();
        var eos = o.EosTokenIds.Count > 0 ? tensor(o.EosTokenIds.ToArray(), device: device).DetachFromDisposeScope() : null;
        var seq = input_ids.clone().DetachFromDisposeScope();
        var mask = attention_mask.to_type(ScalarType.Int64).clone().DetachFromDisposeScope();
        var unfinished = ones(B, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();
        var scores = o.OutputScores ? new List<float[,]>() : null;
        var position_ids = (mask.cumsum(1, ScalarType.Int64) - 1).masked_fill(mask.eq(0), 1).DetachFromDisposeScope();
        try
        {
            for (int step = 0; step < o.MaxNewTokens; step++)
            {
                using var scope = NewDisposeScope();
                var step_ids = step == 0 ? seq : seq.narrow(1, seq.shape[1] - 1, 1);
                using var output = model.forward(new CausalLMInputs
                {
                    input_ids = step_ids, attention_mask = mask, position_ids = position_ids, cache = cache, last_logits_only = true,
                });
                var logits = output.logits.select(1, output.logits.shape[1] - 1);           // (B, V)
                if (scores != null) scores.Add(ToArray2D(logits));
                var next = LogitsProcessing.NextTokens(logits, seq, o, rng);                // (B)
                if (eos is not null) next = next * unfinished + o.PadTokenId * (1 - unfinished);
                Replace(ref seq, cat([seq, next.unsqueeze(1)], 1));
                Replace(ref mask, cat([mask, ones(B, 1, dtype: ScalarType.Int64, device: device)], 1));
                Replace(ref position_ids, position_ids.narrow(1, position_ids.shape[1] - 1, 1) + 1);
                onStep?.Invoke(step, next.cpu().data<long>().ToArray());
                if (eos is not null)
                {
                    Replace(ref unfinished, unfinished * next.unsqueeze(1).ne(eos.unsqueeze(0)).all(1).to_type(ScalarType.Int64));
                    if (unfinished.max().item<long>() == 0) break;
                }
            }
            return new GenerationResult(ToJagged(seq), (int)T0, scores);
        }
        finally
        {
            seq.Dispose(); mask.Dispose(); unfinished.Dispose(); position_ids.Dispose(); eos?.Dispose();
        }
    }

    static void Replace(ref Tensor slot, Tensor value)
    {
        var old = slot;
        slot = value.DetachFromDisposeScope();
        old.Dispose();
    }

    static long[][] ToJagged(Tensor seq)
    {
        var cpu = seq.cpu();
        long B = cpu.shape[0], T = cpu.shape[1];
        var flat = cpu.data<long>().ToArray();
        return Enumerable.Range(0, (int)B).Select(b => flat.AsSpan((int)(b * T), (int)T).ToArray()).ToArray();
    }

    static float[,] ToArray2D(Tensor logits)
    {
        var cpu = logits.to_type(ScalarType.Float32).cpu();
        long B = cpu.shape[0], V = cpu.shape[1];
        var flat = cpu.data<float>().ToArray();
        var r = new float[B, V];
        Buffer.BlockCopy(flat, 0, r, 0, flat.Length * sizeof(float));
        return r;
    }
}
