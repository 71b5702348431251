using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Data;

public sealed record SchemaMigration(int Version, string Name, string Script)
{
    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Script.ReplaceLineEndings("\n"))));
}

public sealed record SchemaStatus(int CurrentVersion, int LatestVersion, IReadOnlyList<SchemaMigration> Pending)
{
    public bool IsCurrent => Pending.Count == 0;
}

/// <summary>
/// Applies the hand-written, versioned SQL migrations embedded under Data/Migrations/{Sqlite|Postgres}.
/// The EF design-time tooling is not available to us, so each schema change is a numbered script per
/// provider; a test checks that the migrated schema matches the EF model on both.
/// </summary>
public sealed class SchemaMigrator(MaillageDb db, DatabaseSettings settings, TimeProvider time)
{
    private const string HistoryTable = "__schema_history";

    // Any constant works: it only serialises concurrent "db migrate" runs on the same PostgreSQL server.
    private const long PostgresLockKey = 0x4D41494C4C414745;

    public static IReadOnlyList<SchemaMigration> Available(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{typeof(SchemaMigrator).Namespace}.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, n[prefix.Length..^4]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static SchemaMigration Load(Assembly assembly, string resource, string fileName)
    {
        // Embedded resource names of files starting with a digit get an underscore prefix.
        var name = fileName.TrimStart('_');
        var separator = name.IndexOf('_');
        var version = int.Parse(name[..separator], CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SchemaMigration(version, name[(separator + 1)..], reader.ReadToEnd());
    }

    public async Task<SchemaStatus> StatusAsync(CancellationToken ct = default)
    {
        var available = Available(settings.Provider);
        var applied = await AppliedAsync(ct);
        foreach (var migration in available.Where(m => applied.ContainsKey(m.Version)))
        {
            if (applied[migration.Version] != migration.Checksum)
            {
                throw DomainException.Conflict($"La migration {migration.Version:0000} ({migration.Name}) appliquée à la base diffère du script livré : un script déjà appliqué a été modifié.");
            }
        }

        var current = applied.Count == 0 ? 0 : applied.Keys.Max();
        var pending = available.Where(m => !applied.ContainsKey(m.Version)).ToList();
        return new SchemaStatus(current, available.Count == 0 ? 0 : available[^1].Version, pending);
    }

    /// <summary>Applies every pending migration, each in its own transaction. Returns what was applied.</summary>
    public async Task<IReadOnlyList<SchemaMigration>> MigrateAsync(CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (settings.Provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey})", ct);
            }
            else
            {
                // WAL lets readers go on while the importer writes; the setting persists in the file.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", ct);
            }

            await ExecuteAsync(connection, null, CreateHistoryTableSql(), ct);
            var status = await StatusAsync(ct);
            foreach (var migration in status.Pending)
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, transaction, migration.Script, ct);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO \"{HistoryTable}\" (\"Version\", \"Name\", \"Checksum\", \"AppliedAtUtc\") VALUES (@v, @n, @c, @a)";
                AddParameter(insert, "@v", migration.Version);
                AddParameter(insert, "@n", migration.Name);
                AddParameter(insert, "@c", migration.Checksum);
                AddParameter(insert, "@a", time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                await insert.ExecuteNonQueryAsync(ct);
                await transaction.CommitAsync(ct);
            }

            return status.Pending;
        }
        finally
        {
            if (settings.Provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey})", ct);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<Dictionary<int, string>> AppliedAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = settings.Provider == DatabaseProvider.Sqlite
                ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}'"
                : $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{HistoryTable}'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }

            await using var read = connection.CreateCommand();
            read.CommandText = $"SELECT \"Version\", \"Checksum\" FROM \"{HistoryTable}\"";
            var applied = new Dictionary<int, string>();
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                applied[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
            }

            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private string CreateHistoryTableSql() => settings.Provider == DatabaseProvider.Sqlite
        ? $"CREATE TABLE IF NOT EXISTS \"{HistoryTable}\" (\"Version\" INTEGER NOT NULL PRIMARY KEY, \"Name\" TEXT NOT NULL, \"Checksum\" TEXT NOT NULL, \"AppliedAtUtc\" TEXT NOT NULL)"
        : $"CREATE TABLE IF NOT EXISTS \"{HistoryTable}\" (\"Version\" integer NOT NULL PRIMARY KEY, \"Name\" text NOT NULL, \"Checksum\" text NOT NULL, \"AppliedAtUtc\" text NOT NULL)";

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
