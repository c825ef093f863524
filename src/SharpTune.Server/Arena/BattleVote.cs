using SharpTune.Text.Statistics;

namespace SharpTune.Server.Arena;

/// <summary>
/// One vote in FastChat's battle-log shape (fastchat/serve/monitor/clean_battle_data.py): <c>model_a</c>, <c>model_b</c>,
/// <c>winner</c> ∈ <c>model_a</c> | <c>model_b</c> | <c>tie</c> | <c>tie (bothbad)</c>, <c>judge</c>, <c>question_id</c>,
/// <c>tstamp</c> (Unix seconds).
/// </summary>
internal sealed record BattleVote(string ModelA, string ModelB, string Winner, string Judge, string? QuestionId, double Tstamp)
{
    public static readonly IReadOnlyList<string> Winners = ["model_a", "model_b", "tie", "tie (bothbad)"];

    public PairwiseVote ToPairwise() => new(ModelA, ModelB, Outcome(Winner));

    public static PairwiseOutcome Outcome(string winner) => winner switch
    {
        "model_a" => PairwiseOutcome.ModelA,
        "model_b" => PairwiseOutcome.ModelB,
        "tie" => PairwiseOutcome.Tie,
        "tie (bothbad)" => PairwiseOutcome.TieBothBad,
        _ => throw new ArgumentException($"winner '{winner}' is not one of {string.Join(", ", Winners)}"),
    };
}
