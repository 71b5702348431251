using System.Globalization;
using System.Security.Claims;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory;

public static class DirectoryFeature
{
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddScoped<SaveStructure>();
        services.AddScoped<SaveSite>();
        services.AddScoped<SaveProfessional>();
        services.AddScoped<ChangeMembership>();
        services.AddScoped<SaveCareService>();
        services.AddScoped<ChangeServiceException>();
        services.AddScoped<ArchiveEntry>();
        services.AddScoped<ShowStructure>();
        services.AddScoped<ListStructures>();
        services.AddScoped<ListProfessionals>();
        services.AddScoped<ShowProfessional>();
        services.AddScoped<SearchOffer>();
        services.AddScoped<LocateSite>();
        services.AddScoped<LocateService>();
        services.AddScoped<DirectoryAccess>();
        services.AddScoped<ImportDirectory>();
        services.AddScoped<MapSites>();
        services.AddScoped<DirectoryFhir>();
        services.AddScoped<FindOwnEntry>();
        services.AddScoped<ListAudienceMembers>();
        services.AddScoped<UpdateOwnEntry>();
        services.AddScoped<SetSiteServicesActive>();
        services.AddScoped<LoadProfessionalFacts>();
        services.AddScoped<LabelSites>();
        services.AddScoped<LocatePractitioners>();
        services.AddScoped<ExportDirectory>();
        return services;
    }

    public static IServiceCollection AddDirectoryWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // Map tiles come from a configurable server: only its origin is allowed as an image source.
        if (Pages.MapSettings.TileOrigin(configuration) is { } tiles)
        {
            services.Configure<ContentSecurityOptions>(o => o.ImageSources.Add(tiles));
        }

        services.Configure<RazorPagesOptions>(options =>
        {
            // ProfessionalEdit checks in its handlers: professionals may edit their own entry.
            foreach (var page in new[] { "/Directory/Pages/Import", "/Directory/Pages/StructureEdit", "/Directory/Pages/SiteEdit", "/Directory/Pages/ServiceEdit" })
            {
                options.Conventions.AuthorizePage(page, AccountsFeature.TerritoryEditorPolicy);
            }

            // The same form creates and edits: a second route for creation.
            options.Conventions.AddPageRoute("/Directory/Pages/StructureEdit", "/annuaire/structures/nouvelle");
            options.Conventions.AddPageRoute("/Directory/Pages/SiteEdit", "/annuaire/structures/{structureId:int}/sites/nouveau");
            options.Conventions.AddPageRoute("/Directory/Pages/ServiceEdit", "/annuaire/sites/{siteId:int}/services/nouveau");
            options.Conventions.AddPageRoute("/Directory/Pages/ProfessionalEdit", "/annuaire/professionnels/nouveau");
        });
        return services;
    }

    public static WebApplication MapDirectory(this WebApplication app)
    {
        var api = app.MapGroup("/api/directory").RequireAuthorization().WithTags("Annuaire");
        api.MapGet("/offer", async (
            [Microsoft.AspNetCore.Mvc.FromQuery(Name = "capability")] string[]? capability,
            string? near, double? lat, double? lon, double? radiusKm, string? openAt, bool? openNow, string? profession, int? territory, int? limit,
            HttpContext http, DirectoryAccess access, SearchOffer search, CancellationToken ct) =>
        {
            var reader = await access.ReaderAsync(http.User, ct);
            var query = new OfferQuery(capability ?? [], near, lat, lon, radiusKm, ParseInstant(openAt, "openAt"), openNow ?? false, profession, territory, limit ?? 20);
            return TypedResults.Ok(await search.ExecuteAsync(query, reader.Scope, ct));
        });
        api.MapGet("/structures", async (string? q, string? kind, int? territory, int? page, HttpContext http, DirectoryAccess access, ListStructures list, CancellationToken ct) =>
            TypedResults.Ok(await list.ExecuteAsync(new DirectoryFilter(q, kind, null, territory), (await access.ReaderAsync(http.User, ct)).Scope, page, null, ct)));
        api.MapGet("/structures/{id:int}", async (int id, HttpContext http, DirectoryAccess access, ShowStructure show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, await access.ReaderAsync(http.User, ct), ct)));
        api.MapPost("/structures", async Task<Created<object>> (StructureInput input, HttpContext http, DirectoryAccess access, SaveStructure save, CancellationToken ct) =>
            {
                var id = await save.ExecuteAsync(null, input, null, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
                return TypedResults.Created($"/api/directory/structures/{id}", (object)new { id });
            })
            .RequireAuthorization(AccountsFeature.TerritoryEditorPolicy);
        api.MapPost("/structures/{id:int}/sites", async Task<Created<object>> (int id, SiteInput input, HttpContext http, DirectoryAccess access, SaveSite save, CancellationToken ct) =>
            {
                var siteId = await save.ExecuteAsync(null, input with { StructureId = id }, null, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
                return TypedResults.Created($"/api/directory/structures/{id}", (object)new { id = siteId });
            })
            .RequireAuthorization(AccountsFeature.TerritoryEditorPolicy);
        api.MapPost("/sites/{id:int}/services", async Task<Created<object>> (int id, ServiceInput input, HttpContext http, DirectoryAccess access, SaveCareService save, CancellationToken ct) =>
            {
                var serviceId = await save.ExecuteAsync(null, input with { SiteId = id, Capabilities = input.Capabilities ?? [] }, null, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
                return TypedResults.Created($"/api/directory/sites/{id}/services/{serviceId}", (object)new { id = serviceId });
            })
            .RequireAuthorization(AccountsFeature.TerritoryEditorPolicy);
        api.MapGet("/professionals", async (string? q, string? profession, int? territory, int? page, HttpContext http, DirectoryAccess access, ListProfessionals list, CancellationToken ct) =>
            TypedResults.Ok(await list.ExecuteAsync(new DirectoryFilter(q, null, profession, territory), (await access.ReaderAsync(http.User, ct)).Scope, page, null, ct)));
        api.MapGet("/professionals/{id:int}", async (int id, HttpContext http, DirectoryAccess access, ShowProfessional show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, await access.ReaderAsync(http.User, ct), ct)));
        api.MapPost("/professionals", async Task<Created<object>> (ProfessionalInput input, HttpContext http, DirectoryAccess access, SaveProfessional save, CancellationToken ct) =>
            {
                var id = await save.ExecuteAsync(null, input, null, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
                return TypedResults.Created($"/api/directory/professionals/{id}", (object)new { id });
            })
            .RequireAuthorization(AccountsFeature.TerritoryEditorPolicy);
        var fhir = app.MapGroup("/fhir").RequireAuthorization().WithTags("FHIR");
        fhir.MapGet("/{type}", async (string type, int? territory, HttpContext http, DirectoryAccess access, DirectoryFhir export, TimeProvider time, CancellationToken ct) =>
        {
            var resources = await export.ExecuteAsync((await access.ReaderAsync(http.User, ct)).Scope, type, territory, ct);
            return Results.Text(DirectoryFhir.SearchSet(resources, FhirBase(http), time.GetUtcNow().UtcDateTime).ToJsonString(), "application/fhir+json");
        });
        fhir.MapGet("/{type}/{id}", async (string type, string id, HttpContext http, DirectoryAccess access, DirectoryFhir export, CancellationToken ct) =>
        {
            var resource = (await export.ExecuteAsync((await access.ReaderAsync(http.User, ct)).Scope, type, null, ct))
                .FirstOrDefault(r => (string?)r["id"] == id)
                ?? throw DomainException.NotFound($"Aucune ressource {type}/{id}.", "id");
            return Results.Text(resource.ToJsonString(), "application/fhir+json");
        });
        return app;
    }

    private static string FhirBase(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}/fhir";

    /// <summary>ISO 8601; without an offset, the time is Paris wall-clock time.</summary>
    public static DateTime? ParseInstant(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        var hasOffset = System.Text.RegularExpressions.Regex.IsMatch(value, @"(?:[Zz]|[+-]\d{2}:?\d{2})$") && value.Contains('T', StringComparison.OrdinalIgnoreCase);
        if (hasOffset && DateTimeOffset.TryParse(value.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            return withOffset.UtcDateTime;
        }

        if (!hasOffset && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && local.Kind == DateTimeKind.Unspecified)
        {
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return French.Paris.IsInvalidTime(local)
                ? throw DomainException.Invalid($"« {text} » n'existe pas à Paris (changement d'heure).", field)
                : TimeZoneInfo.ConvertTimeToUtc(local, French.Paris);
        }

        throw DomainException.Invalid($"« {text} » n'est pas une date et heure ISO 8601 (2020-04-02T14:30 ou 2020-04-02T12:30:00Z).", field);
    }
}

/// <summary>Who may read and edit the directory: scope from the account, private details for coordinators.</summary>
public sealed class DirectoryAccess(ScopeOfUser scopeOfUser)
{
    public async Task<DirectoryReader> ReaderAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        new(await scopeOfUser.ExecuteAsync(user, ct), CanEdit(user));

    public static bool CanEdit(ClaimsPrincipal user) => user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Coordinator);
}
