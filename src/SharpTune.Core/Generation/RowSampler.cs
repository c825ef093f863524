using static TorchSharp.torch;

namespace SharpTune.Core.Generation;

/// <summary>
/// Picks each row's next token from a batch of last-position logits (B, V) with the row's own settings: argmax at
/// temperature 0, else temperature and top-p (transformers' warpers, <see cref="LogitsProcessing"/>) and a draw
/// from the row's seeded generator; log-probabilities come from the raw logits, as OpenAI reports them.
/// </summary>
internal static class RowSampler
{
    public static TokenEvent[] Pick(Tensor logits, IReadOnlyList<RowBatch.Row> rows)
    {
        using var scope = NewDisposeScope();
        var scores = logits.to_type(ScalarType.Float32);
        var greedy = scores.argmax(1).cpu().data<long>().ToArray();
        bool anyLogprobs = rows.Any(r => r.Request.Sampling.TopLogprobs is not null);
        var logp = anyLogprobs ? scores.log_softmax(1) : null;
        var events = new TokenEvent[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var p = row.Request.Sampling;
            long id = p.Temperature == 0 ? greedy[i] : Sample(scores.narrow(0, i, 1), p, row.Rng);
            double? lp = null;
            List<(int, double)>? top = null;
            if (p.TopLogprobs is int k)
            {
                var rowLp = logp!.select(0, i);
                lp = rowLp[id].item<float>();
                if (k > 0)
                {
                    var (values, indices) = rowLp.topk(k);
                    var v = values.cpu().data<float>().ToArray();
                    var ix = indices.cpu().data<long>().ToArray();
                    top = Enumerable.Range(0, v.Length).Select(j => ((int)ix[j], (double)v[j])).ToList();
                }
            }
            row.Generated++;
            string? finish = p.StopTokenIds?.Contains(id) == true ? "stop" : row.Generated >= p.MaxTokens ? "length" : null;
            events[i] = new TokenEvent((int)id, lp, top, finish);
        }
        return events;
    }

    static long Sample(Tensor scores, SamplingParams p, Generator? rng)
    {
        var s = LogitsProcessing.TopP(LogitsProcessing.Temperature(scores, p.Temperature), p.TopP);
        return multinomial(s.softmax(1), 1, generator: rng).item<long>();
    }
}
