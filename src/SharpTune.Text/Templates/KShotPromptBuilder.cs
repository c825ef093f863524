namespace SharpTune.Text.Templates;

/// <summary>
/// Prepends k demonstrations to a query, either as prior conversation turns (<see cref="BuildTurns"/>) or inline
/// in the user message (<see cref="BuildInline"/>). Selection (<see cref="KShotSelection"/>) is a seeded shuffle of
/// the pool, the most similar entries by BM25, or the first k: the same pool, k, selection and seed give the same
/// shots, and neither the query itself nor a duplicate of it (same prompt after case-folding and trimming, or same
/// prompt and output) is ever one of its own shots.
/// </summary>
public sealed class KShotPromptBuilder
{
    private readonly IReadOnlyList<KShotExample> _pool;
    private readonly int _k;
    private readonly int _seed;
    private readonly KShotSelection _selection;
    private readonly string[] _keys;
    private readonly Bm25Index? _index;

    /// <summary>Creates a builder drawing <paramref name="k"/> shots from <paramref name="pool"/>.</summary>
    public KShotPromptBuilder(IReadOnlyList<KShotExample> pool, int k, int seed, KShotSelection selection = KShotSelection.Random)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        _pool = pool;
        _k = k;
        _seed = seed;
        _selection = selection;
        _keys = [.. pool.Select(e => Key(e.Prompt))];
        if (selection == KShotSelection.Similar) _index = new Bm25Index([.. pool.Select(e => e.Prompt)]);
    }

    /// <summary>The shots for a query: up to k pool entries (fewer when the pool is smaller), excluding the query and its duplicates.</summary>
    public IReadOnlyList<KShotExample> Select(KShotExample? query = null)
    {
        string? queryKey = query is null ? null : Key(query.Prompt);
        var candidates = Enumerable.Range(0, _pool.Count).Where(i => !_pool[i].Equals(query) && _keys[i] != queryKey).ToArray();
        if (_selection == KShotSelection.Fixed) return [.. candidates.Take(_k).Select(i => _pool[i])];
        if (_selection == KShotSelection.Similar && query is not null)
        {
            var scores = _index!.Scores(query.Prompt);
            return [.. candidates.OrderByDescending(i => scores[i]).ThenBy(i => i).Take(_k).Select(i => _pool[i])];
        }
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

    /// <summary>Parses `shot_selection`: random, similar (also bm25) or fixed.</summary>
    public static KShotSelection ParseSelection(string value) => value.ToLowerInvariant() switch
    {
        "random" => KShotSelection.Random,
        "similar" or "bm25" => KShotSelection.Similar,
        "fixed" => KShotSelection.Fixed,
        _ => throw new ArgumentException($"shot_selection must be random, similar or fixed, not '{value}'."),
    };

    static string Key(string prompt) => string.Join(' ', prompt.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
