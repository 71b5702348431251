using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Support;

/// <summary>Direct database access, for assertions and for simulating tampering only.</summary>
public static class TestDb
{
    public static MaillageDb Open(string database)
    {
        var settings = DatabaseSettings.Parse(database);
        var options = new DbContextOptionsBuilder<MaillageDb>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(settings.ConnectionString);
        }
        else
        {
            options.UseNpgsql(settings.ConnectionString);
        }

        return new MaillageDb(options.Options);
    }
}
