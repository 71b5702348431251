using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Features.Crisis;

public sealed record OpenEpisodeRequest(int TerritoryId, string? Name, DateOnly? OpenedOn);

public sealed record StageRequest(int? Stage, DateOnly? EffectiveOn, string? Note);

public sealed record StatusRequest(DecisionStatus Status, DateOnly? FollowUpOn, int? ExpectedVersion);

public sealed record CloseRequest(DateOnly? ClosedOn, int? ExpectedVersion);

public sealed record ProtocolRequest(string? Title, string? Body);

public sealed record RevisionRequest(string? Body, string? ChangeNote, int BasedOnVersion);

public sealed record MoveRequest(CentreStage Stage, DateOnly? On, string? Note, int? ExpectedVersion);

public static class CrisisFeature
{
    public static IServiceCollection AddCrisis(this IServiceCollection services)
    {
        services.AddScoped<CrisisAccess>();
        services.AddScoped<OpenEpisode>();
        services.AddScoped<CloseEpisode>();
        services.AddScoped<RecordStage>();
        services.AddScoped<AddMeeting>();
        services.AddScoped<AddDecision>();
        services.AddScoped<ChangeDecisionStatus>();
        services.AddScoped<ListEpisodes>();
        services.AddScoped<ShowEpisode>();
        services.AddScoped<CreateProtocol>();
        services.AddScoped<ReviseProtocol>();
        services.AddScoped<ListProtocols>();
        services.AddScoped<ShowProtocol>();
        services.AddScoped<CreateCentre>();
        services.AddScoped<RegisterExistingCentre>();
        services.AddScoped<MoveCentre>();
        services.AddScoped<ListCentres>();
        services.AddScoped<ListCentreRefs>();
        services.AddScoped<ListCentreCalendars>();
        services.AddScoped<ShowCentre>();
        return services;
    }

    public static WebApplication MapCrisis(this WebApplication app)
    {
        var api = app.MapGroup("/api/crisis").RequireAuthorization().WithTags("Crise");
        api.MapGet("/episodes", async (HttpContext http, DirectoryAccess access, ListEpisodes list, CancellationToken ct) =>
            TypedResults.Ok(await list.ExecuteAsync((await access.ReaderAsync(http.User, ct)).Scope, ct)));
        api.MapGet("/episodes/{id:int}", async (int id, HttpContext http, DirectoryAccess access, ShowEpisode show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, (await access.ReaderAsync(http.User, ct)).Scope, ct)));

        var edit = api.MapGroup("").RequireAuthorization(AccountsFeature.TerritoryEditorPolicy);
        edit.MapPost("/episodes", async Task<Created<object>> (OpenEpisodeRequest request, HttpContext http, DirectoryAccess access, OpenEpisode open, CancellationToken ct) =>
        {
            var id = await open.ExecuteAsync(request.TerritoryId, request.Name, request.OpenedOn, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct: ct);
            return TypedResults.Created($"/api/crisis/episodes/{id}", (object)new { id });
        });
        edit.MapPost("/episodes/{id:int}/stages", async (int id, StageRequest request, HttpContext http, DirectoryAccess access, RecordStage record, CancellationToken ct) =>
        {
            await record.ExecuteAsync(id, request.Stage, request.EffectiveOn, request.Note, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.NoContent();
        });
        edit.MapPost("/episodes/{id:int}/meetings", async Task<Created<object>> (int id, NewMeeting request, HttpContext http, DirectoryAccess access, AddMeeting add, CancellationToken ct) =>
        {
            var meetingId = await add.ExecuteAsync(id, request, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.Created($"/api/crisis/episodes/{id}", (object)new { id = meetingId });
        });
        edit.MapPost("/episodes/{id:int}/decisions", async Task<Created<object>> (int id, NewDecision request, HttpContext http, DirectoryAccess access, AddDecision add, CancellationToken ct) =>
        {
            var decisionId = await add.ExecuteAsync(id, request, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.Created($"/api/crisis/episodes/{id}", (object)new { id = decisionId });
        });
        edit.MapPost("/decisions/{id:int}/status", async (int id, StatusRequest request, HttpContext http, DirectoryAccess access, ChangeDecisionStatus change, CancellationToken ct) =>
        {
            await change.ExecuteAsync(id, request.Status, request.FollowUpOn, request.ExpectedVersion, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.NoContent();
        });
        edit.MapPost("/episodes/{id:int}/close", async (int id, CloseRequest request, HttpContext http, DirectoryAccess access, CloseEpisode close, CancellationToken ct) =>
        {
            await close.ExecuteAsync(id, request.ClosedOn, request.ExpectedVersion, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.NoContent();
        });
        api.MapGet("/episodes/{id:int}/protocols", async (int id, HttpContext http, DirectoryAccess access, ListProtocols list, CancellationToken ct) =>
            TypedResults.Ok(await list.ExecuteAsync(id, (await access.ReaderAsync(http.User, ct)).Scope, ct)));
        api.MapGet("/protocols/{id:int}", async (int id, HttpContext http, DirectoryAccess access, ShowProtocol show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, (await access.ReaderAsync(http.User, ct)).Scope, ct)));
        edit.MapPost("/episodes/{id:int}/protocols", async Task<Created<object>> (int id, ProtocolRequest request, HttpContext http, DirectoryAccess access, CreateProtocol create, CancellationToken ct) =>
        {
            var protocolId = await create.ExecuteAsync(id, request.Title, request.Body, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.Created($"/api/crisis/protocols/{protocolId}", (object)new { id = protocolId });
        });
        edit.MapPost("/protocols/{id:int}/versions", async (int id, RevisionRequest request, HttpContext http, DirectoryAccess access, ReviseProtocol revise, CancellationToken ct) =>
            TypedResults.Ok(new { version = await revise.ExecuteAsync(id, request.Body, request.ChangeNote, request.BasedOnVersion, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct) }));
        api.MapGet("/episodes/{id:int}/centres", async (int id, HttpContext http, DirectoryAccess access, ListCentres list, CancellationToken ct) =>
            TypedResults.Ok(await list.ExecuteAsync(id, (await access.ReaderAsync(http.User, ct)).Scope, ct)));
        api.MapGet("/centres/{id:int}", async (int id, HttpContext http, DirectoryAccess access, ShowCentre show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, (await access.ReaderAsync(http.User, ct)).Scope, ct)));
        edit.MapPost("/episodes/{id:int}/centres", async Task<Created<object>> (int id, NewCentre request, HttpContext http, DirectoryAccess access, CreateCentre create, CancellationToken ct) =>
        {
            var centreId = await create.ExecuteAsync(id, request, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.Created($"/api/crisis/centres/{centreId}", (object)new { id = centreId });
        });
        edit.MapPost("/centres/{id:int}/stage", async (int id, MoveRequest request, HttpContext http, DirectoryAccess access, MoveCentre move, CancellationToken ct) =>
        {
            await move.ExecuteAsync(id, request.Stage, request.On, request.Note, request.ExpectedVersion, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
