using Maillage.Data;
using Maillage.Infrastructure;

namespace Maillage.Tests.Data;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void Default_is_the_embedded_sqlite_file()
    {
        var settings = DatabaseSettings.Parse(null);
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.EndsWith(Path.Combine("data", "maillage.db"), settings.Description);
    }

    [Fact]
    public void Postgres_url_becomes_a_connection_string()
    {
        var settings = DatabaseSettings.Parse("postgresql://maillage:s%40cret@db.local:6543/maillage_prod?sslmode=require");
        Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
        Assert.Contains("Host=db.local", settings.ConnectionString);
        Assert.Contains("Port=6543", settings.ConnectionString);
        Assert.Contains("Database=maillage_prod", settings.ConnectionString);
        Assert.Contains("Username=maillage", settings.ConnectionString);
        Assert.Contains("Password=s@cret", settings.ConnectionString);
        Assert.Contains("SSL Mode=Require", settings.ConnectionString);
        Assert.DoesNotContain("s@cret", settings.Description);
    }

    [Theory]
    [InlineData("postgresql://localhost")]
    [InlineData("mysql://localhost/db")]
    [InlineData("postgresql://u@localhost/db?frobnicate=1")]
    public void Bad_urls_are_refused_clearly(string value)
    {
        var error = Assert.Throws<DomainException>(() => DatabaseSettings.Parse(value));
        Assert.StartsWith("MAILLAGE_DB", error.Message);
    }
}
