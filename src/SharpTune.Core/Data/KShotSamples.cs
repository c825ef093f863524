using SharpTune.Core.Configuration;
using SharpTune.Text.Templates;

namespace SharpTune.Core.Data;

/// <summary>
/// `num_shots`, `shot_selection`, `shot_pool` for train, eval and predict: each sample's first user message gets
/// K solved examples from the pool in front of it, inline (so only the sample's own response is learned or
/// generated), chosen by <see cref="KShotPromptBuilder"/>, the one implementation shared with `sharptune data shots`.
/// </summary>
public static class KShotSamples
{
    /// <summary>The samples with their shots (the same list when num_shots is 0).</summary>
    public static IReadOnlyList<ConversationSample> Apply(IReadOnlyList<ConversationSample> samples, DataArguments data, long seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(data);
        if (data.NumShots <= 0) return samples;
        if (data.ShotPool is not { Length: > 0 } pool) throw new ArgumentException("num_shots is set but shot_pool is not: name the dataset_info.json dataset to draw shots from");
        var selection = KShotPromptBuilder.ParseSelection(data.ShotSelection);
        var shots = DatasetLoader.Load(data, [pool], seed).Samples.Select(ToExample).OfType<KShotExample>().ToList();
        var builder = new KShotPromptBuilder(shots, data.NumShots, unchecked((int)seed), selection);
        var result = new List<ConversationSample>(samples.Count);
        foreach (var sample in samples)
        {
            if (ToExample(sample) is not { } query) { result.Add(sample); continue; }
            var messages = sample.Messages.ToList();
            int user = messages.FindIndex(m => m.Role == ChatRole.User);
            messages[user] = messages[user] with { Content = builder.BuildInline(query) };
            result.Add(sample with { Messages = messages });
        }
        return result;
    }

    /// <summary>A sample as a demonstration: its first user message and the assistant message after it; null without them.</summary>
    static KShotExample? ToExample(ConversationSample sample)
    {
        int user = sample.Messages.ToList().FindIndex(m => m.Role == ChatRole.User);
        if (user < 0 || user + 1 >= sample.Messages.Count || sample.Messages[user + 1].Role != ChatRole.Assistant) return null;
        return new KShotExample(sample.Messages[user].Content, "", sample.Messages[user + 1].Content);
    }
}
