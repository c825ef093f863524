using Microsoft.Data.Sqlite;

namespace SharpTune.Server.Storage;

/// <summary>
/// One SQLite file in WAL mode with <c>synchronous=FULL</c> (a committed transaction is on disk before the call
/// returns), a busy timeout for readers in other processes, and a schema versioned in <c>PRAGMA user_version</c>:
/// each migration runs once, in order, inside its own transaction. Writes are serialized in this process, one
/// transaction each (<see cref="Write{T}"/>); reads open their own connection and see the last commit.
/// </summary>
internal sealed class SqliteDatabase
{
    readonly string _connectionString;
    readonly object _writeGate = new();

    public string Path { get; }

    SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and brings its schema to the newest version.</summary>
    public static SqliteDatabase Open(string path, IReadOnlyList<string> migrations)
    {
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null && !Directory.Exists(dir)) throw new DirectoryNotFoundException($"--db {path}: the folder {dir} does not exist");
        var db = new SqliteDatabase(path);
        try
        {
            using var c = db.Connect();
            Execute(c, "PRAGMA journal_mode=WAL;");
            int version = Convert.ToInt32(new SqliteCommand("PRAGMA user_version;", c).ExecuteScalar());
            if (version > migrations.Count)
                throw new InvalidDataException($"--db {path}: schema version {version} is newer than this sharptune knows ({migrations.Count}); use a newer sharptune");
            for (int v = version; v < migrations.Count; v++)
            {
                using var t = c.BeginTransaction();
                Execute(c, migrations[v], t);
                Execute(c, $"PRAGMA user_version = {v + 1};", t);
                t.Commit();
            }
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"--db {path}: not a usable SQLite database ({e.Message})", e);
        }
        return db;
    }

    public SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Execute(c, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        return c;
    }

    /// <summary>Runs <paramref name="work"/> in one immediate transaction and commits it before returning.</summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        lock (_writeGate)
        {
            using var c = Connect();
            using var t = c.BeginTransaction(deferred: false);
            var result = work(c, t);
            t.Commit();
            return result;
        }
    }

    /// <summary>Runs <paramref name="read"/> on a fresh connection.</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        using var c = Connect();
        return read(c);
    }

    public static void Execute(SqliteConnection c, string sql, SqliteTransaction? t = null)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = t;
        cmd.ExecuteNonQuery();
    }

    /// <summary>A command with positional parameters $p0, $p1, … bound to <paramref name="values"/> (null → NULL).</summary>
    public static SqliteCommand Command(SqliteConnection c, SqliteTransaction? t, string sql, params object?[] values)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = t;
        for (int i = 0; i < values.Length; i++) cmd.Parameters.AddWithValue($"$p{i}", values[i] ?? DBNull.Value);
        return cmd;
    }
}
