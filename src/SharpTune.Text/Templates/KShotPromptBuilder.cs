namespace SharpTune.Text.Templates;

/// <summary>
/// Prepends k demonstrations to a query, either as prior conversation turns (<see cref="BuildTurns"/>) or inline
/// in the user message (<see cref="BuildInline"/>). Selection is a seeded shuffle of the pool: the same pool, k
/// and seed give the same shots, and the query itself is never one of its own shots.
/// </summary>
public sealed class KShotPromptBuilder
{
    private readonly IReadOnlyList<KShotExample> _pool;
    private readonly int _k;
    private readonly int _seed;

    /// <summary>Creates a builder drawing <paramref name="k"/> shots from <paramref name="pool"/>.</summary>
    public KShotPromptBuilder(IReadOnlyList<KShotExample> pool, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        _pool = pool;
        _k = k;
        _seed = seed;
    }

    /// <summary>The shots for a query: up to k pool entries (fewer when the pool is smaller), excluding the query.</summary>
    public IReadOnlyList<KShotExample> Select(KShotExample? query = null)
    {
        var candidates = Enumerable.Range(0, _pool.Count).Where(i => !_pool[i].Equals(query)).ToArray();
        var random = new Random(_seed);
        int take = Math.Min(_k, candidates.Length);
        for (int i = 0; i < take; i++)
        {
            int j = random.Next(i, candidates.Length);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }

        return [.. candidates.Take(take).Select(i => _pool[i])];
    }

    /// <summary>Shots as prior (user, assistant) turns, then the query; with its output as the last response when <paramref name="withResponse"/>.</summary>
    public IReadOnlyList<ChatMessage> BuildTurns(KShotExample query, bool withResponse = true)
    {
        ArgumentNullException.ThrowIfNull(query);
        var messages = new List<ChatMessage>();
        foreach (var shot in Select(query))
        {
            messages.Add(ChatMessage.User(shot.Prompt));
            messages.Add(ChatMessage.Assistant(shot.Output));
        }

        messages.Add(ChatMessage.User(query.Prompt));
        if (withResponse) messages.Add(ChatMessage.Assistant(query.Output));
        return messages;
    }

    /// <summary>One user text: each shot's prompt and output, then the query's prompt, separated by <paramref name="separator"/>.</summary>
    public string BuildInline(KShotExample query, string separator = "\n\n")
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = Select(query).Select(s => s.Prompt + "\n" + s.Output).Append(query.Prompt);
        return string.Join(separator, parts);
    }
}
