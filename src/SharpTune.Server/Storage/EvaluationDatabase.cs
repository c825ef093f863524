namespace SharpTune.Server.Storage;

/// <summary>The evaluation database (<c>--db FILE</c>): A/B responses and feedback, arena items, battles and votes.</summary>
internal sealed class EvaluationDatabase
{
    public ExperimentStore Experiments { get; }
    public ArenaStore Arena { get; }
    public string Path { get; }

    EvaluationDatabase(SqliteDatabase db)
    {
        Path = db.Path;
        Experiments = new ExperimentStore(db);
        Arena = new ArenaStore(db);
    }

    /// <summary>Opens or creates the file and migrates it to the current schema.</summary>
    public static EvaluationDatabase Open(string path) => new(SqliteDatabase.Open(path, Schema.Migrations));

    /// <summary>Opens an existing file for a report; a missing file is an error naming it.</summary>
    public static EvaluationDatabase OpenExisting(string path) =>
        File.Exists(path) ? Open(path) : throw new FileNotFoundException($"--db {path}: no such database file");
}
