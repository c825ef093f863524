namespace SharpTune.Server.Arena;

/// <summary>An item shown to a rater: <paramref name="ModelA"/>'s answer on the left (A), <paramref name="ModelB"/>'s on the right (B).</summary>
internal sealed record ArenaBattle(string BattleId, string Rater, string ItemId, string ModelA, string ModelB, DateTimeOffset Shown);
