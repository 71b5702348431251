using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Data;

public static class DataServices
{
    public static IServiceCollection AddMaillageData(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = DatabaseSettings.Parse(configuration["MAILLAGE_DB"]);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        services.AddSingleton(settings);
        services.AddDbContext<MaillageDb>(options =>
        {
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                options.UseSqlite(settings.ConnectionString);
            }
            else
            {
                options.UseNpgsql(settings.ConnectionString);
            }
        });
        services.AddScoped<SchemaMigrator>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// SQLite is migrated on start (it is the embedded, single-machine default); PostgreSQL is migrated
    /// explicitly with <c>./maillage db migrate</c>, so that a server schema never changes behind the operator's back.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        var migrator = scope.ServiceProvider.GetRequiredService<SchemaMigrator>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await migrator.MigrateAsync(ct);
            return;
        }

        var status = await migrator.StatusAsync(ct);
        if (!status.IsCurrent)
        {
            throw DomainException.Conflict($"Le schéma de la base est en version {status.CurrentVersion}, la version attendue est {status.LatestVersion} : lancez « ./maillage db migrate ».");
        }
    }
}
