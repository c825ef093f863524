using SharpTune.Core.Configuration;

namespace SharpTune.Core.Data;

/// <summary>What loading found: examples kept per dataset, records skipped (with the first reasons), warnings.</summary>
public sealed record DatasetLoadReport(IReadOnlyDictionary<string, int> Kept, int Skipped, IReadOnlyList<string> SkipReasons, IReadOnlyList<string> Warnings);

/// <summary>Loads the datasets named in <see cref="DataArguments"/> from dataset_info.json, converts and mixes them.</summary>
public static class DatasetLoader
{
    public static (IReadOnlyList<ConversationSample> Samples, DatasetLoadReport Report) Load(DataArguments args, IReadOnlyList<string> names, long seed)
    {
        if (names.Count == 0) throw new ArgumentException("no dataset given (set 'dataset' to names from dataset_info.json)");
        var attrs = DatasetRegistry.Resolve(args.DatasetDir, names);
        var perDataset = new List<IReadOnlyList<ConversationSample>>();
        var kept = new Dictionary<string, int>(StringComparer.Ordinal);
        var reasons = new List<string>();
        var warnings = new List<string>();
        int skipped = 0;
        foreach (var attr in attrs)
        {
            if (attr.Ranking) warnings.Add($"dataset '{attr.Name}' is a ranking dataset: its ranking is ignored and the chosen response is used");
            var samples = new List<ConversationSample>();
            int limit = attr.NumSamples is null ? args.MaxSamples ?? int.MaxValue : int.MaxValue;  // num_samples draws from the whole file
            foreach (var row in RowSource.Read(Path.Combine(args.DatasetDir, attr.FileName)))
            {
                if (samples.Count >= limit) break;
                try { samples.Add(SampleConverter.Convert(attr, row)); }
                catch (DataFormatException e) when (args.SkipInvalid)
                {
                    skipped++;
                    if (reasons.Count < 10) reasons.Add(e.Message);
                }
            }
            if (attr.NumSamples is { } n) samples = Resample(samples, n, seed);
            if (args.MaxSamples is { } max && samples.Count > max) samples = samples.Take(max).ToList();
            if (samples.Count == 0)
                throw new DataFormatException($"dataset '{attr.Name}' ({Path.Combine(args.DatasetDir, attr.FileName)}) has no usable examples" + (skipped > 0 ? $" ({skipped} skipped as invalid)" : ""));
            kept[attr.Name] = samples.Count;
            perDataset.Add(samples);
        }
        var mixed = DatasetMixer.Mix(perDataset, args.MixStrategy, args.InterleaveProbs, seed);
        return (mixed, new DatasetLoadReport(kept, skipped, reasons, warnings));
    }

    /// <summary>
    /// LLaMA-Factory's num_samples (applied before max_samples): a seeded permutation of the dataset cut to n, or all of
    /// it followed by n − count random picks when n is larger.
    /// </summary>
    public static List<T> Resample<T>(IReadOnlyList<T> s, int n, long seed)
    {
        if (n < 0) throw new ArgumentException($"num_samples must be ≥ 0, got {n}");
        if (s.Count == 0) return [];
        var rng = new Random(unchecked((int)seed));
        var order = Enumerable.Range(0, s.Count).ToArray();
        rng.Shuffle(order);
        var result = order.Take(n).Select(i => s[i]).ToList();
        while (result.Count < n) result.Add(s[rng.Next(s.Count)]);
        return result;
    }

    /// <summary>Holds out val_size (a fraction in (0, 1) or a count ≥ 1) after a seeded shuffle.</summary>
    public static (IReadOnlyList<T> Train, IReadOnlyList<T> Eval) Split<T>(IReadOnlyList<T> samples, double valSize, long seed)
    {
        if (valSize <= 0) return (samples, []);
        int n = valSize < 1 ? (int)Math.Ceiling(samples.Count * valSize) : (int)valSize;
        if (n >= samples.Count) throw new ArgumentException($"val_size {valSize} leaves no training examples out of {samples.Count}");
        var order = Enumerable.Range(0, samples.Count).ToArray();
        new Random(unchecked((int)seed)).Shuffle(order);
        return (order.Skip(n).Select(i => samples[i]).ToList(), order.Take(n).Select(i => samples[i]).ToList());
    }
}
