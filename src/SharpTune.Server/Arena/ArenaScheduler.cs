using SharpTune.Server.Storage;

namespace SharpTune.Server.Arena;

/// <summary>
/// Chooses what a rater judges next: the battle they were shown and have not voted on (a reload shows the same pair
/// again), else an item they have not been shown, preferring items and model pairs shown least so far, with the sides
/// drawn at random. Each item is shown to a rater once; null when the rater has seen them all.
/// </summary>
internal sealed class ArenaScheduler(ArenaStore store, IReadOnlyList<ArenaItem> items, Random? random = null)
{
    readonly Random _random = random ?? new Random();
    readonly object _gate = new();

    readonly Dictionary<string, ArenaItem> _byId = items.ToDictionary(i => i.ItemId);

    public int Total => items.Count;

    public ArenaItem Item(string itemId) => _byId[itemId];

    /// <summary>The rater's next battle and how many items they have voted on.</summary>
    public (ArenaBattle? Battle, int Voted) Next(string rater)
    {
        lock (_gate)                                           // one rater's two tabs must not get two new battles at once
        {
            var shown = store.Battles(rater);
            int voted = shown.Count(b => b.Voted);
            if (shown.FirstOrDefault(b => !b.Voted) is { Battle: { } pending }) return (pending, voted);
            var seen = shown.Select(b => b.Battle.ItemId).ToHashSet();
            var unseen = items.Where(i => !seen.Contains(i.ItemId) && i.Answers.Count >= 2).ToList();
            if (unseen.Count == 0) return (null, voted);
            var counts = store.BattleCounts();
            int Shown(string item, string a, string b) => counts.GetValueOrDefault((item, a, b)) + counts.GetValueOrDefault((item, b, a));
            var item = unseen.Select(i => (Item: i, Key: Pairs(i).Sum(p => Shown(i.ItemId, p.A, p.B)), Tie: _random.Next()))
                .OrderBy(t => t.Key).ThenBy(t => t.Tie).First().Item;
            var pair = Pairs(item).Select(p => (p, Key: Shown(item.ItemId, p.A, p.B), Tie: _random.Next())).OrderBy(t => t.Key).ThenBy(t => t.Tie).First().p;
            var (left, right) = _random.Next(2) == 0 ? (pair.A, pair.B) : (pair.B, pair.A);
            var battle = new ArenaBattle(Guid.NewGuid().ToString("N"), rater, item.ItemId, left, right, DateTimeOffset.UtcNow);
            store.AddBattle(battle);
            return (battle, voted);
        }
    }

    static IEnumerable<(string A, string B)> Pairs(ArenaItem item)
    {
        var names = item.Answers.Keys.Order(StringComparer.Ordinal).ToList();
        for (int i = 0; i < names.Count; i++)
            for (int j = i + 1; j < names.Count; j++) yield return (names[i], names[j]);
    }
}
