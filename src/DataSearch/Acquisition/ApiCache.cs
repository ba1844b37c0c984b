using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace DataSearch.Acquisition;

/// <summary>
/// Persistent results of API calls (SQLite, one row per distinct call). The key hashes the call, its
/// seed and the version of the corpus or teacher that answered it, so a changed corpus or teacher never
/// serves a stale result. Each insert is its own transaction: a killed run keeps every finished call.
/// </summary>
public sealed class ApiCache : IDisposable
{
    private readonly SqliteConnection connection;

    private ApiCache(SqliteConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>Opens (or creates) the cache file.</summary>
    public static ApiCache Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS calls (
                    key TEXT PRIMARY KEY,
                    api TEXT NOT NULL,
                    call TEXT NOT NULL,
                    version TEXT NOT NULL,
                    result TEXT NOT NULL,
                    created TEXT NOT NULL);
                """;
            command.ExecuteNonQuery();
        }

        return new ApiCache(connection);
    }

    /// <summary>The key of a call answered by <paramref name="version"/> with <paramref name="seed"/>.</summary>
    public static string Key(string call, string version, ulong seed) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{call}\u001f{version}\u001f{seed}")));

    /// <summary>The stored result, or null.</summary>
    public string? Find(string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT result FROM calls WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Stores a result (the first one stored for a key wins).</summary>
    public void Store(string key, string api, string call, string version, string result)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO calls (key, api, call, version, result, created) VALUES ($key, $api, $call, $version, $result, $created)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$api", api);
        command.Parameters.AddWithValue("$call", call);
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$result", result);
        command.Parameters.AddWithValue("$created", DateTimeOffset.UtcNow.ToString("O"));
        command.ExecuteNonQuery();
    }

    /// <summary>How many calls are stored.</summary>
    public long Count()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM calls";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        connection.Dispose();
    }
}
