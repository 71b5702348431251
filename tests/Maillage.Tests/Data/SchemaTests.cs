using System.Data.Common;
using Maillage.Data;
using Maillage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Data;

/// <summary>The hand-written migrations must produce exactly the schema the EF model describes.</summary>
public abstract class SchemaTests(Provider provider)
{
    [SkippableFact]
    public async Task Migrated_schema_matches_the_model()
    {
        TestDatabases.SkipUnlessAvailable(provider);
        var migrated = await TestDatabases.CreateAsync(provider);
        var fromModel = await TestDatabases.CreateEmptyAsync(provider);
        await using (var db = TestDb.Open(fromModel))
        {
            // Only here: EnsureCreated builds the schema straight from the model, as the reference.
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await DescribeAsync(fromModel);
        var actual = await DescribeAsync(migrated);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Except(actual).Order(), Array.Empty<string>());
        Assert.Equal(actual.Except(expected).Order(), Array.Empty<string>());
    }

    [SkippableFact]
    public async Task Migrate_is_idempotent_and_reports_the_version()
    {
        TestDatabases.SkipUnlessAvailable(provider);
        var database = await TestDatabases.CreateEmptyAsync(provider);
        var first = await Cli.RunAsync(database, ["db", "migrate"]);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied 0001_initial", first.Output);
        var second = await Cli.RunAsync(database, ["db", "migrate"]);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already at version", second.Output);
    }

    [SkippableFact]
    public async Task Other_commands_need_a_current_schema_on_postgres_and_migrate_sqlite_themselves()
    {
        TestDatabases.SkipUnlessAvailable(provider);
        var database = await TestDatabases.CreateEmptyAsync(provider);
        var result = await Cli.RunAsync(database, ["territory", "list", "--json"]);
        if (provider == Provider.Postgres)
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("db migrate", result.Error);
        }
        else
        {
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("[]", result.Output.Trim());
        }
    }

    /// <summary>Tables, columns (type, nullability), indexes and foreign keys, one line each.</summary>
    private async Task<HashSet<string>> DescribeAsync(string database)
    {
        await using var db = TestDb.Open(database);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var lines = new HashSet<string>();
        if (provider == Provider.Sqlite)
        {
            var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__schema_history'");
            foreach (var table in tables.Select(t => t[0]))
            {
                foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')"))
                {
                    lines.Add($"column {table}.{c[0]} {c[1]} notnull={c[2]} pk={c[3]}");
                }

                foreach (var i in await QueryAsync(connection, $"SELECT name, \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c'"))
                {
                    var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                    lines.Add($"index {table}.{i[0]} unique={i[1]} ({string.Join(",", columns.Select(x => x[0]))})");
                }

                foreach (var f in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
                {
                    lines.Add($"fk {table}.{f[1]} -> {f[0]}.{f[2]} {f[3]}");
                }
            }
        }
        else
        {
            foreach (var c in await QueryAsync(connection,
                         "SELECT table_name, column_name, data_type, is_nullable, coalesce(character_maximum_length, 0), coalesce(is_identity, '') FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__schema_history'"))
            {
                lines.Add($"column {c[0]}.{c[1]} {c[2]} nullable={c[3]} len={c[4]} identity={c[5]}");
            }

            foreach (var i in await QueryAsync(connection, "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__schema_history'"))
            {
                lines.Add($"index {i[0]} {i[1]}");
            }

            foreach (var f in await QueryAsync(connection,
                         "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '__schema_history'"))
            {
                lines.Add($"constraint {f[0]} {f[1]} {f[2]}");
            }
        }

        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray());
        }

        return rows;
    }
}

public sealed class SqliteSchemaTests() : SchemaTests(Provider.Sqlite);

public sealed class PostgresSchemaTests() : SchemaTests(Provider.Postgres);
