using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Shell;

public static class ShellFeature
{
    public static IServiceCollection AddShell(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            // Pages live in their feature folder (Features/X/Pages); every page needs a signed-in user unless it opts out.
            options.RootDirectory = "/Features";
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AllowAnonymousToPage("/Shell/Error");
            options.Conventions.ConfigureFilter(new Infrastructure.DomainPageFilter());
        });
        return services;
    }

    public static WebApplication MapShell(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/health", async (MaillageDb db, SchemaMigrator migrator, CancellationToken ct) =>
        {
            try
            {
                var status = await migrator.StatusAsync(ct);
                return status.IsCurrent
                    ? Results.Ok(new { status = "ok", schemaVersion = status.CurrentVersion })
                    : Results.Json(new { status = "schema-outdated", schemaVersion = status.CurrentVersion }, statusCode: 503);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                return Results.Json(new { status = "database-unavailable" }, statusCode: 503);
            }
        }).AllowAnonymous();
        return app;
    }
}
