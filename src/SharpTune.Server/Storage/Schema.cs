namespace SharpTune.Server.Storage;

/// <summary>
/// The evaluation database's migrations; the index + 1 is the <c>user_version</c> a database has after it. Never edit
/// a released step: add one.
/// <list type="bullet">
/// <item><c>experiments</c>: each experiment's alias, variants and split (JSON), as last loaded, for the report's SRM check.</item>
/// <item><c>responses</c>: one row per routed completion (experiment, variant, user, latency, tokens).</item>
/// <item><c>feedback</c>: ratings of a response (<c>up</c>, <c>down</c> or <c>1</c>–<c>5</c>, with <c>score</c> 1 / 0 / the number).</item>
/// <item><c>arena_items</c>, <c>arena_answers</c>: the prompts and each model's answer.</item>
/// <item><c>arena_battles</c>: an item shown to a rater, <c>model_a</c> on the left (shown as A) and <c>model_b</c> on the right.</item>
/// <item><c>arena_votes</c>: FastChat battle-log fields; <c>battle_id</c> is null for imported votes.</item>
/// </list>
/// </summary>
internal static class Schema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE responses(
            response_id TEXT PRIMARY KEY, experiment TEXT NOT NULL, variant TEXT NOT NULL, served_model TEXT NOT NULL,
            requested_model TEXT NOT NULL, user_id TEXT, sticky INTEGER NOT NULL, latency_ms REAL NOT NULL,
            ttft_ms REAL NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
            finish_reason TEXT NOT NULL, created TEXT NOT NULL);
        CREATE INDEX responses_by_experiment ON responses(experiment, variant);
        CREATE TABLE feedback(
            id INTEGER PRIMARY KEY AUTOINCREMENT, response_id TEXT NOT NULL REFERENCES responses(response_id),
            rating TEXT NOT NULL, score REAL NOT NULL, comment TEXT, created TEXT NOT NULL);
        CREATE INDEX feedback_by_response ON feedback(response_id);
        CREATE TABLE experiments(
            name TEXT PRIMARY KEY, alias TEXT NOT NULL, variants TEXT NOT NULL, split TEXT NOT NULL, updated TEXT NOT NULL);
        CREATE TABLE arena_items(item_id TEXT PRIMARY KEY, prompt TEXT NOT NULL);
        CREATE TABLE arena_answers(
            item_id TEXT NOT NULL REFERENCES arena_items(item_id), model TEXT NOT NULL, answer TEXT NOT NULL,
            PRIMARY KEY(item_id, model));
        CREATE TABLE arena_battles(
            battle_id TEXT PRIMARY KEY, rater TEXT NOT NULL, item_id TEXT NOT NULL REFERENCES arena_items(item_id),
            model_a TEXT NOT NULL, model_b TEXT NOT NULL, shown TEXT NOT NULL);
        CREATE INDEX arena_battles_by_rater ON arena_battles(rater, item_id);
        CREATE TABLE arena_votes(
            id INTEGER PRIMARY KEY AUTOINCREMENT, battle_id TEXT UNIQUE REFERENCES arena_battles(battle_id),
            question_id TEXT, model_a TEXT NOT NULL, model_b TEXT NOT NULL, winner TEXT NOT NULL, judge TEXT NOT NULL,
            tstamp REAL NOT NULL);
        """,
    ];
}
