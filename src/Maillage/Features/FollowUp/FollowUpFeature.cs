using System.Globalization;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Features.FollowUp;

public sealed record AnswerRequest(bool Accept, string? Reason);

public sealed record ContactRequest(DateTime? AtUtc, ContactChannel Channel, string? Outcome, string? Notes, DateTime? NextContactDueUtc);

public sealed record TeamRequest(int ProfessionalId, string? Role);

public sealed record CloseRequest(string? Reason);

public sealed record FollowUpSettingsRequest(int HandoffDeadlineHours, int MaxFailuresBeforeAlert);

public sealed record ObservationRequest(ObservationKind Kind, double? Value, string? Text, DateTime? AtUtc);

public sealed record OutreachCallRequest(OutreachOutcome Outcome, string? Notes, int? Version);

public sealed record OutreachSplitRequest(IReadOnlyList<int>? ProfessionalIds);

public sealed record MonitoringSettingsRequest(double Spo2Below, double Spo2DropPoints, double? TemperatureAbove, double? RespiratoryRateAbove);

public static class FollowUpFeature
{
    public const string CoordinatorPolicy = "followup-coordinator";
    public const string BoardCountsPolicy = "followup-counts";

    public static IServiceCollection AddFollowUp(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(CoordinatorPolicy, p => p.RequireAssertion(c => EpisodeAccess.IsCoordinator(c.User)))
            .AddPolicy(BoardCountsPolicy, p => p.RequireAssertion(c => EpisodeAccess.IsCoordinator(c.User) || c.User.IsInRole(Roles.Authority)));
        services.AddScoped<HandoffEngine>();
        services.AddScoped<EpisodeAccess>();
        services.AddScoped<OpenFollowUpEpisode>();
        services.AddScoped<AnswerHandoff>();
        services.AddScoped<RecordContact>();
        services.AddScoped<AddCareTeamMember>();
        services.AddScoped<CloseEpisode>();
        services.AddScoped<ShowEpisode>();
        services.AddScoped<EpisodeFhir>();
        services.AddScoped<FollowUpBoard>();
        services.AddScoped<ListMyEpisodes>();
        services.AddScoped<AcknowledgeAlert>();
        services.AddScoped<SetFollowUpSettings>();
        services.AddScoped<RecordAdmission>();
        services.AddScoped<RecordDischarge>();
        services.AddScoped<CompleteTask>();
        services.AddScoped<RecordObservation>();
        services.AddScoped<SetMonitoringSettings>();
        services.AddScoped<ListHospitalStays>();
        services.AddScoped<ShowFollowUpSettings>();
        services.AddScoped<ListRounds>();
        services.AddScoped<Outreach>();
        services.AddScoped<OutreachReminders>();
        services.AddScoped<ImportDischarges>();
        services.AddScoped<CountFollowUpActivity>();
        return services;
    }

    /// <summary>The deadline job runs in the web server only; the CLI has <c>followup tick</c>.</summary>
    public static IServiceCollection AddFollowUpJobs(this IServiceCollection services) => services.AddHostedService<HandoffDeadlineJob>();

    public static WebApplication MapFollowUp(this WebApplication app)
    {
        var api = app.MapGroup("/api/followup").RequireAuthorization().WithTags("Suivi").AddEndpointFilter<IdempotentFilter>();
        api.MapPost("/episodes", async Task<Results<Created<object>, ForbidHttpResult>> (EpisodeRequest request, HttpContext http, OpenFollowUpEpisode open, CancellationToken ct) =>
        {
            if (!EpisodeAccess.MayOpen(http.User))
            {
                return TypedResults.Forbid();
            }

            var id = await open.ExecuteAsync(request, http.User, ct);
            return TypedResults.Created($"/api/followup/episodes/{id}", (object)new { id });
        });
        api.MapGet("/episodes/{id:int}", async (int id, HttpContext http, ShowEpisode show, CancellationToken ct) => TypedResults.Ok(await show.ExecuteAsync(id, http.User, ct)));
        api.MapGet("/episodes/{id:int}/fhir", async (int id, HttpContext http, EpisodeFhir export, CancellationToken ct) =>
            Results.Text((await export.ExecuteAsync(id, http.User, $"{http.Request.Scheme}://{http.Request.Host}/fhir", ct)).ToJsonString(), "application/fhir+json"));
        api.MapGet("/me/episodes", async (HttpContext http, ListMyEpisodes list, CancellationToken ct) => TypedResults.Ok(await list.ExecuteAsync(http.User, ct)));
        api.MapPost("/handoffs/{id:int}/answer", async (int id, AnswerRequest request, HttpContext http, AnswerHandoff answer, CancellationToken ct) =>
        {
            await answer.ExecuteAsync(id, request.Accept, request.Reason, http.User, ct);
            return TypedResults.NoContent();
        });
        api.MapPost("/episodes/{id:int}/contacts", async Task<Created<object>> (int id, ContactRequest request, HttpContext http, RecordContact record, CancellationToken ct) =>
        {
            var contact = await record.ExecuteAsync(id, request.AtUtc, request.Channel, request.Outcome, request.Notes, request.NextContactDueUtc, http.User, ct);
            return TypedResults.Created($"/api/followup/episodes/{id}", (object)new { id = contact });
        });
        api.MapPost("/episodes/{id:int}/team", async (int id, TeamRequest request, HttpContext http, AddCareTeamMember add, CancellationToken ct) =>
        {
            await add.ExecuteAsync(id, request.ProfessionalId, request.Role, http.User, ct);
            return TypedResults.NoContent();
        });
        api.MapPost("/episodes/{id:int}/close", async (int id, CloseRequest request, HttpContext http, CloseEpisode close, CancellationToken ct) =>
        {
            await close.ExecuteAsync(id, request.Reason, http.User, ct);
            return TypedResults.NoContent();
        });

        api.MapPost("/admissions", async Task<Results<Created<object>, ForbidHttpResult>> (AdmissionRequest request, HttpContext http, RecordAdmission record, CancellationToken ct) =>
        {
            if (!HospitalAccess.MayRecord(http.User))
            {
                return TypedResults.Forbid();
            }

            var id = await record.ExecuteAsync(request, http.User, ct);
            return TypedResults.Created($"/api/followup/admissions/{id}", (object)new { id });
        });
        api.MapPost("/admissions/{id:int}/discharge", async Task<Results<Created<object>, ForbidHttpResult>> (int id, DischargeRequest request, HttpContext http, RecordDischarge record, CancellationToken ct) =>
        {
            if (!HospitalAccess.MayRecord(http.User))
            {
                return TypedResults.Forbid();
            }

            var episode = await record.ExecuteAsync(id, request, http.User, ct);
            return TypedResults.Created($"/api/followup/episodes/{episode}", (object)new { episodeId = episode });
        });
        api.MapGet("/territories/{id:int}/rounds/{day}", async (int id, DateOnly day, int? professionalId, HttpContext http, ListRounds rounds, CancellationToken ct) =>
            TypedResults.Ok(await rounds.ExecuteAsync(day, id, professionalId, http.User, ct)));
        api.MapGet("/territories/{id:int}/stays", async Task<Results<Ok<StayList>, ForbidHttpResult>> (int id, string? q, HttpContext http, ListHospitalStays list, CancellationToken ct) =>
            HospitalAccess.MayRecord(http.User) ? TypedResults.Ok(await list.ExecuteAsync(id, q, http.User, ct)) : TypedResults.Forbid());
        api.MapPost("/territories/{id:int}/hospital-notices", async Task<Results<Ok<DischargeImportReport>, ForbidHttpResult>> (int id, bool? dryRun, HttpContext http, ImportDischarges import, CancellationToken ct) =>
        {
            if (!HospitalAccess.MayRecord(http.User))
            {
                return TypedResults.Forbid();
            }

            var text = await HospitalNoticeBody.ReadAsync(http.Request, ct);
            return TypedResults.Ok(await import.ExecuteAsync(id, text, dryRun ?? false, http.User, ct));
        });
        api.MapPost("/episodes/{id:int}/observations", async Task<Created<object>> (int id, ObservationRequest request, HttpContext http, RecordObservation record, CancellationToken ct) =>
        {
            var (observation, alarms) = await record.ExecuteAsync(id, request.Kind, request.Value, request.Text, request.AtUtc, http.User, ct);
            return TypedResults.Created($"/api/followup/episodes/{id}", (object)new { id = observation, alarms });
        });
        api.MapPost("/tasks/{id:int}/done", async (int id, HttpContext http, CompleteTask complete, CancellationToken ct) =>
        {
            await complete.ExecuteAsync(id, http.User, ct);
            return TypedResults.NoContent();
        });

        api.MapGet("/me/outreach", async (HttpContext http, Outreach outreach, CancellationToken ct) => TypedResults.Ok(await outreach.MineAsync(http.User, ct)));
        api.MapPost("/outreach/targets/{id:int}/calls", async (int id, OutreachCallRequest request, HttpContext http, Outreach outreach, CancellationToken ct) =>
            TypedResults.Ok(new { episodeId = await outreach.RecordCallAsync(id, request.Outcome, request.Notes, request.Version, http.User, ct) }));
        api.MapPost("/territories/{id:int}/outreach", async (int id, CampaignRequest request, HttpContext http, Outreach outreach, CancellationToken ct) =>
        {
            var campaign = await outreach.CreateAsync(request with { TerritoryId = id }, http.User, ct);
            return TypedResults.Created($"/api/followup/outreach/{campaign}", new { id = campaign });
        });
        api.MapGet("/territories/{id:int}/outreach", async (int id, HttpContext http, Outreach outreach, CancellationToken ct) => TypedResults.Ok(await outreach.ListAsync(id, http.User, ct)));
        api.MapGet("/outreach/{id:int}", async (int id, string? outcome, int? assignedTo, int? page, HttpContext http, Outreach outreach, CancellationToken ct) =>
        {
            // Query values are written as the JSON writes them ("not-reached").
            OutreachOutcome? wanted = outcome is null ? null
                : Enum.GetValues<OutreachOutcome>().Cast<OutreachOutcome?>().FirstOrDefault(o => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(o!.Value.ToString()) == outcome)
                  ?? throw DomainException.Invalid($"Issue inconnue « {outcome} ».", "outcome");
            return TypedResults.Ok(await outreach.ShowAsync(id, wanted, assignedTo, page ?? 1, http.User, ct));
        });
        api.MapPost("/outreach/{id:int}/patients", async Task<Results<Ok<OutreachImportReport>, ForbidHttpResult>> (int id, bool? dryRun, HttpContext http, Outreach outreach, CancellationToken ct) =>
            EpisodeAccess.IsCoordinator(http.User)
                ? TypedResults.Ok(await outreach.ImportAsync(id, await HospitalNoticeBody.ReadAsync(http.Request, ct), dryRun ?? false, http.User, ct))
                : TypedResults.Forbid());
        api.MapPost("/outreach/{id:int}/split", async (int id, OutreachSplitRequest request, HttpContext http, Outreach outreach, CancellationToken ct) =>
            TypedResults.Ok(await outreach.SplitAsync(id, request.ProfessionalIds, http.User, ct)));
        api.MapPost("/outreach/{id:int}/close", async (int id, HttpContext http, Outreach outreach, CancellationToken ct) =>
        {
            await outreach.CloseAsync(id, http.User, ct);
            return TypedResults.NoContent();
        });
        api.MapGet("/outreach/{id:int}/export", async (int id, HttpContext http, Outreach outreach, CancellationToken ct) =>
            TypedResults.File(await outreach.ExportAsync(id, http.User, ct), "text/csv; charset=utf-8", $"aller-vers-{id}.csv"));

        api.MapGet("/territories/{id:int}/board/counts", async (int id, HttpContext http, ScopeOfUser scope, FollowUpBoard board, CancellationToken ct) =>
            TypedResults.Ok(await board.CountsAsync(id, await scope.ExecuteAsync(http.User, ct), ct))).RequireAuthorization(BoardCountsPolicy);
        var coordinators = api.MapGroup("").RequireAuthorization(CoordinatorPolicy);
        coordinators.MapGet("/territories/{id:int}/board", async (int id, HttpContext http, ScopeOfUser scope, FollowUpBoard board, CancellationToken ct) =>
            TypedResults.Ok(await board.ExecuteAsync(id, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct)));
        coordinators.MapPost("/alerts/{id:int}/acknowledge", async (int id, HttpContext http, ScopeOfUser scope, AcknowledgeAlert ack, CancellationToken ct) =>
        {
            await ack.ExecuteAsync(id, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct);
            return TypedResults.NoContent();
        });
        coordinators.MapPut("/territories/{id:int}/monitoring", async (int id, MonitoringSettingsRequest request, HttpContext http, ScopeOfUser scope, SetMonitoringSettings set, CancellationToken ct) =>
        {
            await set.ExecuteAsync(id, request.Spo2Below, request.Spo2DropPoints, request.TemperatureAbove, request.RespiratoryRateAbove, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct);
            return TypedResults.NoContent();
        });
        coordinators.MapGet("/territories/{id:int}/settings", async (int id, HttpContext http, ScopeOfUser scope, ShowFollowUpSettings show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, await scope.ExecuteAsync(http.User, ct), ct)));
        coordinators.MapPut("/territories/{id:int}/settings", async (int id, FollowUpSettingsRequest request, HttpContext http, ScopeOfUser scope, SetFollowUpSettings set, CancellationToken ct) =>
        {
            await set.ExecuteAsync(id, request.HandoffDeadlineHours, request.MaxFailuresBeforeAlert, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}

/// <summary>An uploaded file sent as the request body itself (CSV, or FHIR JSON), as another system posts it.</summary>
public static class HospitalNoticeBody
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public static async Task<string> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw DomainException.Invalid("Le fichier dépasse 10 Mo : découpez-le.", "file");
        }

        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = new System.Text.StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), ct)) > 0)
        {
            if (text.Length + read > MaxBytes)
            {
                throw DomainException.Invalid("Le fichier dépasse 10 Mo : découpez-le.", "file");
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }
}

public static class FollowUpCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("followup board", "followup board --territory NAME_OR_ID [--json]   (counts only, no patient)", ["territory="], 0, BoardAsync),
        new("followup tick", "followup tick   (times out overdue handoff requests and sends outreach reminders now; the server does it every minute)", [], 0, TickAsync),
    ];

    private static async Task<int> BoardAsync(CliContext cli)
    {
        var text = cli.Args.Required("territory");
        var territory = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
            : (await cli.Get<Geography.ShowTerritory>().ExecuteAsync(text, UserScope.Everything)).Summary.Id;
        var counts = await cli.Get<FollowUpBoard>().CountsAsync(territory, UserScope.Everything);
        if (cli.Json)
        {
            cli.WriteJson(counts);
        }
        else
        {
            cli.Out.WriteLine($"open episodes {counts.OpenEpisodes}; without an accepted owner past the deadline {counts.WithoutOwnerPastDeadline} (must be 0); " +
                $"overdue contacts {counts.OverdueContacts} (must be 0); overdue urgent tasks {counts.OverdueUrgentTasks} (must be 0); overdue tasks {counts.OverdueTasks}; " +
                $"pending handoffs {counts.PendingHandoffs}; open alerts {counts.OpenAlerts}");
        }

        return 0;
    }

    private static async Task<int> TickAsync(CliContext cli)
    {
        var timedOut = await cli.Get<HandoffEngine>().ProcessDeadlinesAsync(CancellationToken.None);
        cli.Out.WriteLine($"{timedOut} handoff request(s) timed out and moved on");
        var reminded = await cli.Get<OutreachReminders>().ProcessAsync(CancellationToken.None);
        cli.Out.WriteLine($"{reminded} outreach patient(s) due to be called again, professionals reminded");
        return 0;
    }
}
