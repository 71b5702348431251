using Maillage.Data;
using Npgsql;

namespace Maillage.Tests.Support;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Databases for integration tests. A template is migrated and loaded with the real geography once per
/// run and provider; each test class gets its own copy (file copy for SQLite, CREATE DATABASE … TEMPLATE
/// for PostgreSQL), so tests never see each other's data.
/// </summary>
public static class TestDatabases
{
    /// <summary>postgresql:// URL of a server where tests may create databases (test.sh starts one).</summary>
    public static string? PostgresAdminUrl => Environment.GetEnvironmentVariable("MAILLAGE_TEST_PG");

    public static bool RequireAll => Environment.GetEnvironmentVariable("MAILLAGE_REQUIRE_ALL") == "1";

    public static string Root { get; } = Path.Combine(Path.GetTempPath(), $"maillage-tests-{Environment.ProcessId}");

    private static readonly Lazy<Task<string>> SqliteTemplate = new(CreateSqliteTemplateAsync);
    private static readonly Lazy<Task<string>> PostgresTemplate = new(CreatePostgresTemplateAsync);
    private static int counter;

    /// <summary>Skips the test when PostgreSQL is not configured, unless every test must run.</summary>
    public static void SkipUnlessAvailable(Provider provider)
    {
        if (provider == Provider.Postgres && PostgresAdminUrl is null)
        {
            if (RequireAll)
            {
                throw new InvalidOperationException("MAILLAGE_REQUIRE_ALL=1 but MAILLAGE_TEST_PG is not set: PostgreSQL tests cannot be skipped.");
            }

            Skip.If(true, "PostgreSQL not configured (set MAILLAGE_TEST_PG)");
        }
    }

    /// <summary>A new database with the schema and the geography, as a MAILLAGE_DB value.</summary>
    public static async Task<string> CreateAsync(Provider provider)
    {
        var n = Interlocked.Increment(ref counter);
        if (provider == Provider.Sqlite)
        {
            var template = await SqliteTemplate.Value;
            var path = Path.Combine(Root, $"db{n}.db");
            File.Copy(template, path);
            return path;
        }

        var templateName = await PostgresTemplate.Value;
        var name = $"maillage_t{Environment.ProcessId}_{n}";
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{templateName}\"");
        return DatabaseUrl(name);
    }

    /// <summary>A new empty database (no schema), as a MAILLAGE_DB value.</summary>
    public static async Task<string> CreateEmptyAsync(Provider provider)
    {
        var n = Interlocked.Increment(ref counter);
        if (provider == Provider.Sqlite)
        {
            Directory.CreateDirectory(Root);
            return Path.Combine(Root, $"empty{n}.db");
        }

        var name = $"maillage_e{Environment.ProcessId}_{n}";
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        return DatabaseUrl(name);
    }

    private static async Task<string> CreateSqliteTemplateAsync()
    {
        Directory.CreateDirectory(Root);
        var path = Path.Combine(Root, "template.db");
        await PrepareTemplateAsync(path);
        return path;
    }

    private static async Task<string> CreatePostgresTemplateAsync()
    {
        var name = $"maillage_template_{Environment.ProcessId}";
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        await PrepareTemplateAsync(DatabaseUrl(name));
        NpgsqlConnection.ClearAllPools();
        return name;
    }

    private static async Task PrepareTemplateAsync(string database)
    {
        foreach (var verb in new[] { new[] { "db", "migrate" }, ["geo", "import"] })
        {
            var result = await Cli.RunAsync(database, verb);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"template preparation failed: {string.Join(' ', verb)}: {result.Error}");
            }
        }

        // The SQLite pool keeps the file open; copies must see a closed, complete file.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public static string DatabaseUrl(string name)
    {
        var admin = new Uri(PostgresAdminUrl!);
        return new UriBuilder(admin) { Path = "/" + name }.Uri.ToString();
    }

    private static async Task ExecuteAdminAsync(string sql)
    {
        var settings = DatabaseSettings.Parse(PostgresAdminUrl);
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
