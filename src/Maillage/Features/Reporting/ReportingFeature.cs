using System.Security.Claims;
using System.Text.Json;
using Maillage.Infrastructure;

namespace Maillage.Features.Reporting;

public sealed record DayEntryRequest(IReadOnlyDictionary<string, int?>? Values, string? Reason, bool ConfirmOutliers);

/// <summary>Reads a week as it may leave the territory: an approved version for the ARS, the current state (a draft, marked) for those who prepare it.</summary>
public sealed class PublishedWeeks(WeeklyReports weeks, ReportingSettingsStore settings)
{
    /// <param name="centreId">One centre's part of the territory's publication: cut from it, so that it hides exactly the same cells.</param>
    public async Task<PublishedWeek> ExecuteAsync(int territoryId, DateOnly monday, int? version, ClaimsPrincipal user, CancellationToken ct = default, int? centreId = null)
    {
        ReportingAccess.Require(ReportingAccess.MayReadPublished(user) || ReportingAccess.MayReadExact(user));
        await weeks.ScopeAsync(user, territoryId, ct);
        WeekReport report;
        if (version is { } v)
        {
            report = await weeks.VersionAsync(territoryId, monday, v, user, ct);
        }
        else
        {
            report = await weeks.BuildAsync(territoryId, monday, ct);
            if (!ReportingAccess.MayReadExact(user) && report.State != WeekState.Approved)
            {
                report = report.Version is { } approved
                    ? await weeks.VersionAsync(territoryId, monday, approved, user, ct)
                    : throw DomainException.NotFound($"Le rapport de la {IsoWeeks.Title(IsoWeeks.Monday(monday))} n'est pas encore approuvé.");
            }
        }

        return Publication.Only(Publication.Publish(report, (await settings.GetAsync(territoryId, ct)).SuppressionThreshold), centreId);
    }
}

public static class ReportingFeature
{
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddScoped<ActivitySources>();
        services.AddScoped<WeeklyReports>();
        services.AddScoped<ActivityEntries>();
        services.AddScoped<ActivityImport>();
        services.AddScoped<ReportingSettingsStore>();
        services.AddScoped<FundingEstimates>();
        services.AddScoped<Dashboards>();
        services.AddScoped<PublishedWeeks>();
        services.AddScoped<WeekSummaries>();
        return services;
    }

    private static DateOnly Day(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", out var day) ? day : throw DomainException.Invalid($"Date invalide « {text} » : attendu AAAA-MM-JJ.", "day");

    public static IResult Export(PublishedWeek week, string? format, TimeProvider time) => (format ?? "csv").ToLowerInvariant() switch
    {
        "csv" => TypedResults.File(Publication.Csv(week), "text/csv; charset=utf-8", $"activite-{week.TerritoryId}-{week.Week}{(week.Centres.Count == 1 && week.CentreTotal.CentreId is { } c ? $"-centre-{c}" : "")}.csv"),
        "json" => TypedResults.Json(week, CliContext.JsonOptions),
        "fhir" => Results.Text(Publication.Fhir(week, time.GetUtcNow().UtcDateTime).ToJsonString(Publication.FhirJson), "application/fhir+json"),
        _ => throw DomainException.Invalid($"Format inconnu « {format} » : csv, json ou fhir.", "format"),
    };

    public static WebApplication MapReporting(this WebApplication app)
    {
        app.MapGet("/api/reporting/indicators", () => TypedResults.Ok(new { groups = Indicators.Groups, indicators = Indicators.All })).RequireAuthorization().WithTags("Activité");
        app.MapGet("/api/reporting/overview", async (string? indicator, string? from, string? to, HttpContext http, Dashboards dashboards, CancellationToken ct) =>
            TypedResults.Ok(await dashboards.OverviewAsync(indicator, from is null ? null : IsoWeeks.Parse(from, "from"), to is null ? null : IsoWeeks.Parse(to, "to"), http.User, ct)))
            .RequireAuthorization().WithTags("Activité");

        var api = app.MapGroup("/api/reporting/territories/{territoryId:int}").RequireAuthorization().WithTags("Activité");
        api.MapGet("/centres", async (int territoryId, HttpContext http, WeeklyReports weeks, ActivityEntries entries, CancellationToken ct) =>
        {
            ReportingAccess.Require(ReportingAccess.MayEnter(http.User));
            await weeks.ScopeAsync(http.User, territoryId, ct);
            return TypedResults.Ok((await entries.CentresAsync(territoryId, ct)).Select(c => new { c.Id, c.Name, c.Address, c.Stage }));
        });
        api.MapGet("/days/{day}/centres/{centreId:int}", async (int territoryId, string day, int centreId, HttpContext http, ActivityEntries entries, CancellationToken ct) =>
            TypedResults.Ok(await entries.SheetAsync(territoryId, centreId, Day(day), http.User, ct)));
        api.MapPut("/days/{day}/centres/{centreId:int}", async (int territoryId, string day, int centreId, DayEntryRequest request, HttpContext http, ActivityEntries entries, CancellationToken ct) =>
            TypedResults.Ok(await entries.RecordAsync(territoryId,
                new DayEntry(centreId, Day(day), request.Values ?? new Dictionary<string, int?>(), request.Reason, request.ConfirmOutliers), "api", http.User, ct)));

        api.MapGet("/weeks", async (int territoryId, HttpContext http, WeeklyReports weeks, CancellationToken ct) =>
            TypedResults.Ok((await weeks.ListAsync(territoryId, http.User, ct)).Select(w => new { week = IsoWeeks.Label(w.Monday), monday = w.Monday, status = w.Status, version = w.Version, approvedAtUtc = w.ApprovedAtUtc })));
        api.MapGet("/weeks/{week}", async (int territoryId, string week, HttpContext http, WeeklyReports weeks, CancellationToken ct) =>
        {
            ReportingAccess.Require(ReportingAccess.MayReadExact(http.User));
            return TypedResults.Ok(await weeks.ShowAsync(territoryId, IsoWeeks.Parse(week), http.User, ct));
        });
        api.MapGet("/weeks/{week}/versions/{version:int}", async (int territoryId, string week, int version, HttpContext http, WeeklyReports weeks, CancellationToken ct) =>
        {
            ReportingAccess.Require(ReportingAccess.MayReadExact(http.User));
            return TypedResults.Ok(await weeks.VersionAsync(territoryId, IsoWeeks.Parse(week), version, http.User, ct));
        });
        api.MapPost("/weeks/{week}/approve", async (int territoryId, string week, WeekApproval request, HttpContext http, WeeklyReports weeks, CancellationToken ct) =>
            TypedResults.Ok(await weeks.ApproveAsync(territoryId, IsoWeeks.Parse(week), request, http.User, ct)));
        api.MapPost("/weeks/{week}/reopen", async (int territoryId, string week, WeekReopening request, HttpContext http, WeeklyReports weeks, CancellationToken ct) =>
            TypedResults.Ok(await weeks.ReopenAsync(territoryId, IsoWeeks.Parse(week), request, http.User, ct)));
        api.MapGet("/weeks/{week}/export", async (int territoryId, string week, string? format, int? version, int? centreId, HttpContext http, PublishedWeeks published, TimeProvider time, CancellationToken ct) =>
            Export(await published.ExecuteAsync(territoryId, IsoWeeks.Parse(week), version, http.User, ct, centreId), format, time));

        api.MapGet("/dashboard", async (int territoryId, DateOnly? from, DateOnly? to, int? centreId, HttpContext http, Dashboards dashboards, CancellationToken ct) =>
            TypedResults.Ok(await dashboards.ExecuteAsync(territoryId, from, to, centreId, http.User, ct)));

        api.MapGet("/settings", async (int territoryId, HttpContext http, ReportingSettingsStore settings, CancellationToken ct) =>
            TypedResults.Ok(await settings.GetAsync(territoryId, http.User, ct)));
        api.MapPut("/settings", async (int territoryId, SettingsRequest request, HttpContext http, ReportingSettingsStore settings, CancellationToken ct) =>
            TypedResults.Ok(await settings.SaveAsync(territoryId, request, http.User, ct)));

        api.MapGet("/funding", async (int territoryId, string from, string to, int? centreId, HttpContext http, FundingEstimates funding, CancellationToken ct) =>
            TypedResults.Ok(await funding.ExecuteAsync(territoryId, IsoWeeks.Parse(from, "from"), IsoWeeks.Parse(to, "to"), centreId, http.User, ct)));
        api.MapGet("/funding.csv", async (int territoryId, string from, string to, int? centreId, HttpContext http, FundingEstimates funding, CancellationToken ct) =>
            TypedResults.File(FundingEstimates.Csv(await funding.ExecuteAsync(territoryId, IsoWeeks.Parse(from, "from"), IsoWeeks.Parse(to, "to"), centreId, http.User, ct)),
                "text/csv; charset=utf-8", $"financement-{territoryId}{(centreId is { } c ? $"-centre-{c}" : "")}-{from}-{to}.csv"));

        api.MapPost("/import", async (int territoryId, bool? dryRun, HttpContext http, WeeklyReports weeks, ActivityImport import, CancellationToken ct) =>
        {
            ReportingAccess.Require(ReportingAccess.MayApprove(http.User));
            await weeks.ScopeAsync(http.User, territoryId, ct);
            using var reader = new StreamReader(http.Request.Body);
            var csv = await reader.ReadToEndAsync(ct);
            return TypedResults.Ok(await import.ExecuteAsync(territoryId, csv, dryRun ?? true, Accounts.Actor.From(http.User), ct));
        });

        var fhir = app.MapGroup("/fhir/Measure").RequireAuthorization().WithTags("FHIR");
        fhir.MapGet("", () => Results.Text(new System.Text.Json.Nodes.JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = Indicators.Groups.Count(g => Indicators.All.Any(i => i.Group == g.Code && i.InWeeklyReport)),
            ["entry"] = new System.Text.Json.Nodes.JsonArray(Indicators.Groups.Where(g => Indicators.All.Any(i => i.Group == g.Code && i.InWeeklyReport))
                .Select(g => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["fullUrl"] = Publication.MeasureBase + g.Code, ["resource"] = Publication.Measure(g) }).ToArray()),
        }.ToJsonString(), "application/fhir+json"));
        fhir.MapGet("/{id}", (string id) =>
            Indicators.Groups.FirstOrDefault(g => $"maillage-{g.Code}" == id && Indicators.All.Any(i => i.Group == g.Code && i.InWeeklyReport)) is { } group
                ? Results.Text(Publication.Measure(group).ToJsonString(), "application/fhir+json")
                : throw DomainException.NotFound($"Aucune mesure « {id} »."));
        return app;
    }
}
