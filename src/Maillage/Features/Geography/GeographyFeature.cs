using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Geography;

public sealed record TerritoryChangeRequest(TerritoryChangeKind Kind, string Value, int? ExpectedVersion);

public static class GeographyFeature
{
    public static IServiceCollection AddGeography(this IServiceCollection services)
    {
        services.AddScoped<GeoImport>();
        services.AddScoped<ShowCommune>();
        services.AddScoped<SearchCommunes>();
        services.AddScoped<FindCommune>();
        services.AddScoped<NameCommunes>();
        services.AddScoped<LoadCommuneIndex>();
        services.AddScoped<TerritoryCalculator>();
        services.AddScoped<CreateTerritory>();
        services.AddScoped<ListTerritories>();
        services.AddScoped<ShowTerritory>();
        services.AddScoped<ChangeTerritory>();
        services.AddScoped<NameTerritories>();
        return services;
    }

    public static IServiceCollection AddGeographyWeb(this IServiceCollection services)
    {
        services.Configure<RazorPagesOptions>(options =>
        {
            options.Conventions.AuthorizePage("/Geography/Pages/TerritoryNew", AccountsFeature.AdminPolicy);
        });
        return services;
    }

    public static WebApplication MapGeography(this WebApplication app)
    {
        var geo = app.MapGroup("/api/geo").RequireAuthorization().WithTags("Géographie");
        geo.MapGet("/communes", async (string? q, int? page, int? pageSize, SearchCommunes search, CancellationToken ct) =>
            TypedResults.Ok(await search.ExecuteAsync(q, page, pageSize, ct)));
        geo.MapGet("/communes/{code}", async (string code, ShowCommune show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(code, ct)));

        var territories = app.MapGroup("/api/territories").RequireAuthorization().WithTags("Territoires");
        territories.MapGet("/", async (HttpContext http, ScopeOfUser scope, ListTerritories list, CancellationToken ct) =>
            TypedResults.Ok(await list.ExecuteAsync(await scope.ExecuteAsync(http.User, ct), ct)));
        territories.MapGet("/{id:int}", async (int id, HttpContext http, ScopeOfUser scope, ShowTerritory show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), await scope.ExecuteAsync(http.User, ct), ct)));
        territories.MapPost("/", async Task<Created<TerritorySummary>> (TerritoryDefinition definition, HttpContext http, CreateTerritory create, CancellationToken ct) =>
            {
                var summary = await create.ExecuteAsync(definition with
                {
                    Epcis = definition.Epcis ?? [],
                    Communes = definition.Communes ?? [],
                    Excludes = definition.Excludes ?? [],
                }, Actor.From(http.User), ct: ct);
                return TypedResults.Created($"/api/territories/{summary.Id}", summary);
            })
            .RequireAuthorization(AccountsFeature.AdminPolicy);
        territories.MapPost("/{id:int}/changes", async (int id, TerritoryChangeRequest change, HttpContext http, ScopeOfUser scope, ChangeTerritory edit, CancellationToken ct) =>
                TypedResults.Ok(await edit.ExecuteAsync(id, change.ExpectedVersion, new TerritoryChange(change.Kind, change.Value ?? ""), Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct)))
            .RequireAuthorization(AccountsFeature.TerritoryEditorPolicy);
        return app;
    }
}
