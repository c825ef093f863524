using static TorchSharp.torch;

namespace SharpTune.Core.Training;

/// <summary>A padded batch: ids (B, T), attention mask, labels with −100 on padding, and for packed rows the segment ids and positions.</summary>
public sealed record Batch(Tensor InputIds, Tensor AttentionMask, Tensor Labels, Tensor? PositionIds, Tensor? SegmentIds, int Tokens) : IDisposable
{
    public void Dispose()
    {
        InputIds.Dispose(); AttentionMask.Dispose(); Labels.Dispose(); PositionIds?.Dispose(); SegmentIds?.Dispose();
    }
}

/// <summary>Right-pads examples to the longest in the batch (pad id, mask 0, label −100), as DataCollatorForSeq2Seq.</summary>
public static class Collator
{
    public static Batch Collate(IReadOnlyList<TokenizedExample> examples, int padId, Device device)
    {
        int B = examples.Count, T = examples.Max(e => e.InputIds.Length);
        var ids = new long[B, T];
        var mask = new long[B, T];
        var labels = new long[B, T];
        int tokens = 0;
        for (int b = 0; b < B; b++)
        {
            var e = examples[b];
            for (int t = 0; t < T; t++)
            {
                bool real = t < e.InputIds.Length;
                ids[b, t] = real ? e.InputIds[t] : padId;
                mask[b, t] = real ? 1 : 0;
                labels[b, t] = real ? e.Label(t) : TokenizedExample.IgnoreIndex;
            }
            tokens += e.InputIds.Length;
        }
        return new Batch(tensor(ids, device: device), tensor(mask, device: device), tensor(labels, device: device), null, null, tokens);
    }

    /// <summary>Packed rows: each row concatenates several examples; positions restart and attention stays within each example.</summary>
    public static Batch CollatePacked(IReadOnlyList<IReadOnlyList<TokenizedExample>> rows, int padId, Device device)
    {
        int B = rows.Count, T = rows.Max(r => r.Sum(e => e.InputIds.Length));
        var ids = new long[B, T];
        var mask = new long[B, T];
        var labels = new long[B, T];
        var pos = new long[B, T];
        var seg = new long[B, T];
        int tokens = 0;
        for (int b = 0; b < B; b++)
        {
            int t = 0, s = 1;
            foreach (var e in rows[b])
            {
                for (int i = 0; i < e.InputIds.Length; i++, t++)
                {
                    ids[b, t] = e.InputIds[i];
                    labels[b, t] = i == 0 ? TokenizedExample.IgnoreIndex : e.Label(i);   // never predict across a boundary
                    mask[b, t] = 1;
                    pos[b, t] = i;
                    seg[b, t] = s;
                }
                s++;
            }
            tokens += t;
            for (; t < T; t++) { ids[b, t] = padId; labels[b, t] = TokenizedExample.IgnoreIndex; }
        }
        return new Batch(tensor(ids, device: device), tensor(mask, device: device), tensor(labels, device: device),
            tensor(pos, device: device), tensor(seg, device: device), tokens);
    }
}
