using System.Text.Json;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Features.Regulation;

/// <param name="Definition">The protocol file: a JSON object, or the same as a string (as typed in the editor).</param>
public sealed record DraftRequest(JsonElement Definition, string? ChangeNote, int? Revision);

public sealed record EvaluateRequest(int TerritoryId, int? ProtocolVersionId, IReadOnlyDictionary<string, JsonElement>? Answers, string? CommuneCode);

public sealed record BookRequest(int SlotId);

public sealed record CancelRequest(string? Reason);

public sealed record SlotsRequest(int SiteId, Circuit Circuit, DateOnly Date, TimeOnly From, TimeOnly To, int Minutes);

public sealed record CurrentProtocolView(ProtocolVersionRow Version, ProtocolDefinition Definition);

public static class RegulationFeature
{
    public const string StaffPolicy = "regulation-staff";
    public const string AuthorPolicy = "regulation-author";
    public const string SlotsPolicy = "regulation-slots";
    public const string OfferPolicy = "regulation-offer";

    public static IServiceCollection AddRegulation(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.RequireAssertion(c => RegulationAccess.IsStaff(c.User)))
            .AddPolicy(AuthorPolicy, p => p.RequireAssertion(c => RegulationAccess.CanAuthor(c.User)))
            .AddPolicy(SlotsPolicy, p => p.RequireAssertion(c => RegulationAccess.CanOfferSlots(c.User) || RegulationAccess.IsStaff(c.User)))
            .AddPolicy(OfferPolicy, p => p.RequireAssertion(c => RegulationAccess.CanOfferSlots(c.User)));
        services.AddScoped<ProtocolVersions>();
        services.AddScoped<OpenRegulationDesk>();
        services.AddScoped<SaveProtocolDraft>();
        services.AddScoped<PublishProtocol>();
        services.AddScoped<EvaluateCall>();
        services.AddScoped<RecordCall>();
        services.AddScoped<ShowCall>();
        services.AddScoped<ListCalls>();
        services.AddScoped<LocateCall>();
        services.AddScoped<ListCallsForRecipient>();
        services.AddScoped<OfferSlots>();
        services.AddScoped<ListSlots>();
        services.AddScoped<BookSlot>();
        services.AddScoped<CancelBooking>();
        services.AddScoped<WithdrawSlot>();
        services.AddScoped<RegulationOversight>();
        services.AddScoped<CountSiteActivity>();
        return services;
    }

    public static WebApplication MapRegulation(this WebApplication app)
    {
        var api = app.MapGroup("/api/regulation").RequireAuthorization().WithTags("Régulation");
        api.MapGet("/territories/{id:int}/protocol", async Task<Results<Ok<CurrentProtocolView>, NotFound>> (int id, HttpContext http, ScopeOfUser scope, ProtocolVersions versions, CancellationToken ct) =>
            await versions.CurrentAsync(id, await scope.ExecuteAsync(http.User, ct), ct) is { } current
                ? TypedResults.Ok(new CurrentProtocolView(ProtocolVersions.Row(current.Version), current.Protocol.Definition))
                : TypedResults.NotFound());

        var staff = api.MapGroup("").RequireAuthorization(StaffPolicy);
        staff.MapPost("/evaluate", async (EvaluateRequest request, HttpContext http, ScopeOfUser scope, EvaluateCall evaluate, CancellationToken ct) =>
            TypedResults.Ok(await evaluate.ExecuteAsync(request.TerritoryId, request.ProtocolVersionId, request.Answers, request.CommuneCode, await scope.ExecuteAsync(http.User, ct), ct)));
        staff.MapPost("/calls", async Task<Created<object>> (CallRequest request, HttpContext http, ScopeOfUser scope, RecordCall record, CancellationToken ct) =>
        {
            var id = await record.ExecuteAsync(request, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct);
            return TypedResults.Created($"/api/regulation/calls/{id}", (object)new { id });
        });
        staff.MapGet("/calls", async (int territoryId, DateOnly? day, string? q, int? page, HttpContext http, ScopeOfUser scope, ListCalls list, CancellationToken ct) =>
            TypedResults.Ok(await list.ExecuteAsync(territoryId, day, q, page, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct)));
        staff.MapPost("/calls/{id:int}/booking", async Task<Created<object>> (int id, BookRequest request, HttpContext http, ScopeOfUser scope, BookSlot book, CancellationToken ct) =>
        {
            var booking = await book.ExecuteAsync(request.SlotId, id, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct);
            return TypedResults.Created($"/api/regulation/calls/{id}", (object)new { id = booking });
        });
        staff.MapPost("/bookings/{id:int}/cancel", async (int id, CancelRequest request, HttpContext http, ScopeOfUser scope, CancelBooking cancel, CancellationToken ct) =>
        {
            await cancel.ExecuteAsync(id, request.Reason, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct);
            return TypedResults.NoContent();
        });

        api.MapGet("/calls/sent-to-me", async (HttpContext http, ListCallsForRecipient list, CancellationToken ct) => TypedResults.Ok(await list.ExecuteAsync(http.User, ct)));

        // Recipients read the calls of patients sent to them: the use case decides, and audits.
        api.MapGet("/calls/{id:int}", async (int id, HttpContext http, ShowCall show, CancellationToken ct) => TypedResults.Ok(await show.ExecuteAsync(id, http.User, ct)));

        var slots = api.MapGroup("").RequireAuthorization(SlotsPolicy);
        slots.MapGet("/slots", async (int territoryId, DateTime from, DateTime to, int? siteId, HttpContext http, ScopeOfUser scope, ListSlots list, CancellationToken ct) =>
            TypedResults.Ok(await list.ExecuteAsync(territoryId, from.ToUniversalTime(), to.ToUniversalTime(), siteId, await scope.ExecuteAsync(http.User, ct), ct)));
        var offerers = api.MapGroup("").RequireAuthorization(OfferPolicy);
        offerers.MapPost("/slots", async (SlotsRequest request, HttpContext http, ScopeOfUser scope, OfferSlots offer, CancellationToken ct) =>
            TypedResults.Ok(new { created = await offer.ExecuteAsync(request.SiteId, request.Circuit, request.Date, request.From, request.To, request.Minutes, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct) }));
        offerers.MapPost("/slots/{id:int}/withdraw", async (int id, HttpContext http, ScopeOfUser scope, WithdrawSlot withdraw, CancellationToken ct) =>
        {
            await withdraw.ExecuteAsync(id, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct);
            return TypedResults.NoContent();
        });

        var authors = api.MapGroup("").RequireAuthorization(AuthorPolicy);
        authors.MapGet("/territories/{id:int}/protocol/versions", async (int id, HttpContext http, ScopeOfUser scope, ProtocolVersions versions, CancellationToken ct) =>
            TypedResults.Ok(await versions.ListAsync(id, await scope.ExecuteAsync(http.User, ct), ct)));
        authors.MapGet("/protocol/versions/{id:int}", async (int id, HttpContext http, ScopeOfUser scope, ProtocolVersions versions, CancellationToken ct) =>
            TypedResults.Ok(await versions.ShowAsync(id, await scope.ExecuteAsync(http.User, ct), ct)));
        authors.MapPut("/territories/{id:int}/protocol/draft", async (int id, DraftRequest request, HttpContext http, ScopeOfUser scope, SaveProtocolDraft save, CancellationToken ct) =>
        {
            var text = request.Definition.ValueKind switch
            {
                JsonValueKind.String => request.Definition.GetString(),
                JsonValueKind.Object => request.Definition.GetRawText(),
                _ => throw DomainException.Invalid("Le protocole (definition) est un objet JSON, ou son texte.", "definition"),
            };
            return TypedResults.Ok(await save.ExecuteAsync(id, text, request.ChangeNote, request.Revision, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct));
        });
        authors.MapPost("/territories/{id:int}/protocol/draft/example", async (int id, HttpContext http, ScopeOfUser scope, SaveProtocolDraft save, CancellationToken ct) =>
            TypedResults.Ok(await save.ExecuteAsync(id, ProtocolJson.DefaultText(), "Départ du protocole exemple livré avec Maillage", null, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct)));
        authors.MapGet("/territories/{id:int}/oversight", async (int id, DateOnly? week, HttpContext http, ScopeOfUser scope, RegulationOversight oversight, TimeProvider time, CancellationToken ct) =>
            TypedResults.Ok(await oversight.ExecuteAsync(id, week ?? French.Today(time), await scope.ExecuteAsync(http.User, ct), ct)));
        authors.MapPost("/protocol/versions/{id:int}/publish", async (int id, HttpContext http, ScopeOfUser scope, PublishProtocol publish, CancellationToken ct) =>
            TypedResults.Ok(await publish.ExecuteAsync(id, Actor.From(http.User), await scope.ExecuteAsync(http.User, ct), ct)));
        return app;
    }
}
