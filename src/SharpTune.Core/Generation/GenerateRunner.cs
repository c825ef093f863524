using System.Globalization;
using SharpTune.Core.Configuration;
using SharpTune.Core.Native;
using SharpTune.Text.Tokenization;

namespace SharpTune.Core.Generation;

/// <summary>What `sharptune generate` asks for.</summary>
public sealed record GenerateRequest(ModelArguments Model, GeneratingArguments Generating, string? Prompt, string? InputIds);

/// <summary>New ids per prompt and, when a tokenizer is present, their text.</summary>
public sealed record GenerateResult(long[][] OutputIds, string[]? Text);

/// <summary>Loads the model named by the request, encodes the prompt, decodes, and returns only the new tokens.</summary>
public static class GenerateRunner
{
    public static GenerateResult Run(GenerateRequest r)
    {
        string dir = r.Model.ModelNameOrPath ?? throw new ArgumentException("--model_name_or_path is required");
        if ((r.Prompt is null) == (r.InputIds is null)) throw new ArgumentException("give exactly one of --prompt and --input_ids");
        using var model = ModelSession.Load(r.Model);
        var text = Data.DataPipeline.HasTokenizer(dir) ? Tokenizer.Load(dir) : null;
        long[] prompt = r.InputIds is { } ids ? ParseIds(ids) : text?.EncodeToIds(r.Prompt!).Select(i => (long)i).ToArray()
            ?? throw new InvalidOperationException($"{dir}: --prompt needs a tokenizer (tokenizer.json) in the model folder; use --input_ids instead");
        var eos = model.config.EosTokenIds.Select(e => (long)e).ToList();
        var options = r.Generating.ToOptions(eos, model.config.PadTokenId ?? 0);
        var result = TextGenerator.Generate(model, [prompt], options);
        var newIds = result.NewTokens.Select(row => TrimAfterEos(row, eos)).ToArray();
        return new GenerateResult(newIds, text is null ? null : newIds.Select(row => text.Decode(row.Select(i => (int)i).ToList(), r.Generating.SkipSpecialTokens)).ToArray());
    }

    static long[] ParseIds(string s)
    {
        try
        {
            var ids = s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            return ids.Length > 0 ? ids : throw new FormatException();
        }
        catch (FormatException) { throw new ArgumentException($"--input_ids '{s}' must be comma-separated integers, e.g. 1,2,3"); }
    }

    /// <summary>Drops the pad ids written after a row's EOS (the EOS itself is kept).</summary>
    static long[] TrimAfterEos(long[] row, List<long> eos)
    {
        int i = Array.FindIndex(row, eos.Contains);
        return i < 0 ? row : row[..(i + 1)];
    }
}
