using Maillage.Infrastructure;
using Npgsql;

namespace Maillage.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the data lives, read from <c>MAILLAGE_DB</c>: a SQLite file path (default <c>data/maillage.db</c>)
/// or a <c>postgresql://user:pass@host:port/db</c> URL.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, string Description)
{
    public const string DefaultSqlitePath = "data/maillage.db";

    public static DatabaseSettings Parse(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? DefaultSqlitePath : value.Trim();
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return ParsePostgresUrl(text);
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw DomainException.Invalid($"MAILLAGE_DB: schéma d'URL non pris en charge dans « {Redact(text)} » (attendu : chemin de fichier SQLite ou postgresql://).");
        }

        var path = Path.GetFullPath(text);
        return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={path};Foreign Keys=True;Default Timeout=30", $"SQLite {path}");
    }

    private static DatabaseSettings ParsePostgresUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw DomainException.Invalid("MAILLAGE_DB: URL PostgreSQL illisible (attendu : postgresql://utilisateur:motdepasse@hôte:port/base).");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
        {
            throw DomainException.Invalid("MAILLAGE_DB: l'URL PostgreSQL ne nomme pas de base (…/nom_de_la_base).");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = database,
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[key.Replace('_', ' ')] = val;
            }
            catch (ArgumentException)
            {
                throw DomainException.Invalid($"MAILLAGE_DB: paramètre PostgreSQL inconnu « {key} ».");
            }
        }

        return new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }

    private static string Redact(string text)
    {
        var at = text.IndexOf('@');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return at > scheme && scheme >= 0 ? text[..(scheme + 3)] + "***" + text[at..] : text;
    }
}
