using System.Globalization;
using Microsoft.Data.Sqlite;
using SharpTune.Server.Arena;

namespace SharpTune.Server.Storage;

/// <summary>Arena items, the battles shown to raters and their votes; each write is one committed transaction.</summary>
internal sealed class ArenaStore(SqliteDatabase db)
{
    /// <summary>What happened to a vote.</summary>
    public enum VoteStatus { Recorded, UnknownBattle, AlreadyVoted }

    /// <summary>Stores the items; an item already in the database must have the same prompt and answers.</summary>
    public void SaveItems(IReadOnlyList<ArenaItem> items) => db.Write((c, t) =>
    {
        var stored = LoadItems(c, t).ToDictionary(i => i.ItemId);
        foreach (var item in items)
        {
            if (stored.TryGetValue(item.ItemId, out var old))
            {
                bool same = old.Prompt == item.Prompt && old.Answers.Count == item.Answers.Count
                            && item.Answers.All(a => old.Answers.TryGetValue(a.Key, out var v) && v == a.Value);
                if (!same)
                    throw new InvalidDataException($"--db {db.Path} already holds item {item.ItemId} with a different prompt or answers; use a new --db for new predictions");
                continue;
            }
            using (var cmd = SqliteDatabase.Command(c, t, "INSERT INTO arena_items VALUES ($p0, $p1)", item.ItemId, item.Prompt)) cmd.ExecuteNonQuery();
            foreach (var (model, answer) in item.Answers)
            {
                using var cmd = SqliteDatabase.Command(c, t, "INSERT INTO arena_answers VALUES ($p0, $p1, $p2)", item.ItemId, model, answer);
                cmd.ExecuteNonQuery();
            }
        }
        return 0;
    });

    public IReadOnlyList<ArenaItem> Items() => db.Read(c => LoadItems(c, null));

    static List<ArenaItem> LoadItems(SqliteConnection c, SqliteTransaction? t)
    {
        var answers = new Dictionary<string, Dictionary<string, string>>();
        using (var cmd = SqliteDatabase.Command(c, t, "SELECT item_id, model, answer FROM arena_answers"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                if (!answers.TryGetValue(r.GetString(0), out var map)) answers[r.GetString(0)] = map = new Dictionary<string, string>();
                map[r.GetString(1)] = r.GetString(2);
            }
        }
        var items = new List<ArenaItem>();
        using (var cmd = SqliteDatabase.Command(c, t, "SELECT item_id, prompt FROM arena_items ORDER BY rowid"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) items.Add(new ArenaItem(r.GetString(0), r.GetString(1), answers.GetValueOrDefault(r.GetString(0)) ?? []));
        }
        return items;
    }

    /// <summary>Every battle shown to <paramref name="rater"/>, voted or not.</summary>
    public IReadOnlyList<(ArenaBattle Battle, bool Voted)> Battles(string rater) => db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, null, """
            SELECT b.battle_id, b.rater, b.item_id, b.model_a, b.model_b, b.shown, v.id IS NOT NULL
            FROM arena_battles b LEFT JOIN arena_votes v ON v.battle_id = b.battle_id WHERE b.rater = $p0 ORDER BY b.rowid
            """, rater);
        using var r = cmd.ExecuteReader();
        var list = new List<(ArenaBattle, bool)>();
        while (r.Read())
            list.Add((new ArenaBattle(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture)), r.GetInt64(6) != 0));
        return list;
    });

    /// <summary>How many battles of each item and model pair were shown (to anyone).</summary>
    public IReadOnlyDictionary<(string Item, string A, string B), int> BattleCounts() => db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, null, "SELECT item_id, model_a, model_b, COUNT(*) FROM arena_battles GROUP BY item_id, model_a, model_b");
        using var r = cmd.ExecuteReader();
        var counts = new Dictionary<(string, string, string), int>();
        while (r.Read()) counts[(r.GetString(0), r.GetString(1), r.GetString(2))] = r.GetInt32(3);
        return (IReadOnlyDictionary<(string, string, string), int>)counts;
    });

    public void AddBattle(ArenaBattle b) => db.Write((c, t) =>
    {
        using var cmd = SqliteDatabase.Command(c, t, "INSERT INTO arena_battles VALUES ($p0, $p1, $p2, $p3, $p4, $p5)",
            b.BattleId, b.Rater, b.ItemId, b.ModelA, b.ModelB, b.Shown.ToString("O", CultureInfo.InvariantCulture));
        return cmd.ExecuteNonQuery();
    });

    /// <summary>Records the vote on a battle (once: a second vote on the same battle is refused) and returns the battle.</summary>
    public (VoteStatus Status, ArenaBattle? Battle) Vote(string battleId, string winner, DateTimeOffset when) => db.Write<(VoteStatus, ArenaBattle?)>((c, t) =>
    {
        ArenaBattle? battle = null;
        using (var find = SqliteDatabase.Command(c, t, "SELECT rater, item_id, model_a, model_b, shown FROM arena_battles WHERE battle_id = $p0", battleId))
        using (var r = find.ExecuteReader())
        {
            if (r.Read())
                battle = new ArenaBattle(battleId, r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture));
        }
        if (battle is null) return (VoteStatus.UnknownBattle, null);
        using (var dup = SqliteDatabase.Command(c, t, "SELECT 1 FROM arena_votes WHERE battle_id = $p0", battleId))
        {
            if (dup.ExecuteScalar() is not null) return (VoteStatus.AlreadyVoted, battle);
        }
        Insert(c, t, battleId, new BattleVote(battle.ModelA, battle.ModelB, winner, battle.Rater, battle.ItemId, when.ToUnixTimeMilliseconds() / 1000.0));
        return (VoteStatus.Recorded, battle);
    });

    /// <summary>Adds votes from a battle log (no battle behind them) in one transaction.</summary>
    public int Import(IReadOnlyList<BattleVote> votes) => db.Write((c, t) =>
    {
        foreach (var v in votes) Insert(c, t, null, v);
        return votes.Count;
    });

    static void Insert(SqliteConnection c, SqliteTransaction t, string? battleId, BattleVote v)
    {
        using var cmd = SqliteDatabase.Command(c, t,
            "INSERT INTO arena_votes(battle_id, question_id, model_a, model_b, winner, judge, tstamp) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6)",
            battleId, v.QuestionId, v.ModelA, v.ModelB, v.Winner, v.Judge, v.Tstamp);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Every vote, oldest first.</summary>
    public IReadOnlyList<BattleVote> Votes() => db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, null, "SELECT model_a, model_b, winner, judge, question_id, tstamp FROM arena_votes ORDER BY id");
        using var r = cmd.ExecuteReader();
        var votes = new List<BattleVote>();
        while (r.Read()) votes.Add(new BattleVote(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetDouble(5)));
        return votes;
    });
}
