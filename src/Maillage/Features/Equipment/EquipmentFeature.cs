using Maillage.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Features.Equipment;

public sealed record AlertRequest(int DepotId, int ItemId, int? AlertBelow);

public sealed record ProposeRequest(int DepotId, int ItemId);

public sealed record PickupRequest(int? Quantity, string? CollectedBy, string? Key);

public sealed record NoteRequest(string? Note);

public sealed record PolicyRequest(AllocationPolicy Policy, int Version);

public sealed record UnitStatusRequest(LendableStatus Status, int Version);

public static class EquipmentFeature
{
    public static IServiceCollection AddEquipment(this IServiceCollection services)
    {
        services.AddScoped<EquipmentCatalogue>();
        services.AddScoped<RecordOperation>();
        services.AddScoped<StockReads>();
        services.AddScoped<EquipmentRequests>();
        services.AddScoped<Allocations>();
        services.AddScoped<EquipmentPolicies>();
        services.AddScoped<Loans>();
        services.AddScoped<EquipmentReports>();
        return services;
    }

    private static T? Parse<T>(string? text, string field)
        where T : struct, Enum => EnumText.Parse<T>(text, field);

    public static WebApplication MapEquipment(this WebApplication app)
    {
        var api = app.MapGroup("/api/equipment/territories/{territoryId:int}").RequireAuthorization().WithTags("Matériel").AddEndpointFilter<IdempotentFilter>();

        // Stock operations and pickups keep their idempotency key (body "key" or Idempotency-Key header) in the
        // ledger itself, in the operation's transaction, rather than in the generic filter: the filter would
        // replay a donation's answer to a loss sent with the same key (same method and path) and record nothing,
        // and would answer a retry that arrives while the first is waiting for the stock with a 409.
        var ledger = app.MapGroup("/api/equipment/territories/{territoryId:int}").RequireAuthorization().WithTags("Matériel");

        api.MapGet("/items", async (int territoryId, bool? lendable, HttpContext http, EquipmentCatalogue catalogue, CancellationToken ct) =>
        {
            await catalogue.ScopeAsync(http.User, territoryId, ct);
            return TypedResults.Ok(await catalogue.ItemsAsync(territoryId, lendable ?? false, ct));
        });
        api.MapPost("/items", async (int territoryId, ItemRequest request, HttpContext http, EquipmentCatalogue catalogue, CancellationToken ct) =>
            TypedResults.Created($"/api/equipment/territories/{territoryId}/items", new { id = await catalogue.CreateItemAsync(territoryId, request, http.User, ct) }));
        api.MapGet("/depots", async (int territoryId, HttpContext http, EquipmentCatalogue catalogue, CancellationToken ct) =>
        {
            await catalogue.ScopeAsync(http.User, territoryId, ct);
            return TypedResults.Ok(await catalogue.DepotsAsync(territoryId, ct));
        });
        api.MapPost("/depots", async (int territoryId, DepotRequest request, HttpContext http, EquipmentCatalogue catalogue, CancellationToken ct) =>
            TypedResults.Created($"/api/equipment/territories/{territoryId}/depots", new { id = await catalogue.CreateDepotAsync(territoryId, request, http.User, ct) }));
        api.MapGet("/donors", async (int territoryId, string? q, int? page, int? size, HttpContext http, EquipmentCatalogue catalogue, CancellationToken ct) =>
        {
            EquipmentAccess.Require(EquipmentAccess.MayHandle(http.User));
            await catalogue.ScopeAsync(http.User, territoryId, ct);
            return TypedResults.Ok(await catalogue.DonorsAsync(territoryId, q, page, size, ct));
        });
        api.MapPost("/donors", async (int territoryId, DonorRequest request, HttpContext http, EquipmentCatalogue catalogue, CancellationToken ct) =>
            TypedResults.Created($"/api/equipment/territories/{territoryId}/donors", new { id = await catalogue.CreateDonorAsync(territoryId, request, http.User, ct) }));

        api.MapGet("/stock", async (int territoryId, HttpContext http, StockReads reads, CancellationToken ct) => TypedResults.Ok(await reads.OverviewAsync(territoryId, http.User, ct)));
        api.MapPut("/alerts", async (int territoryId, AlertRequest request, HttpContext http, StockReads reads, CancellationToken ct) =>
        {
            await reads.SetAlertAsync(territoryId, request.DepotId, request.ItemId, request.AlertBelow, http.User, ct);
            return TypedResults.NoContent();
        });
        api.MapGet("/lots", async (int territoryId, int? depotId, int? itemId, string? status, HttpContext http, StockReads reads, CancellationToken ct) =>
            TypedResults.Ok(await reads.LotsAsync(territoryId, depotId, itemId, Parse<LotStatus>(status, "status"), http.User, ct)));

        ledger.MapPost("/operations", async (int territoryId, OperationRequest request, HttpContext http, RecordOperation record, CancellationToken ct) =>
        {
            // The header and the body's key are the same promise: a retry records nothing new.
            var key = request.Key ?? (http.Request.Headers[IdempotentFilter.Header].ToString() is { Length: > 0 } h ? h : null);
            var result = await record.ExecuteAsync(territoryId, request with { Key = key }, http.User, ct);
            return result.Replayed
                ? (Results<Created<OperationResult>, Ok<OperationResult>>)TypedResults.Ok(result)
                : TypedResults.Created($"/api/equipment/territories/{territoryId}/operations/{result.Id}", result);
        });
        api.MapGet("/operations", async (int territoryId, DateOnly? from, DateOnly? to, int? depotId, int? itemId, string? kind, int? donorId, int? page, int? size, HttpContext http, StockReads reads, CancellationToken ct) =>
            TypedResults.Ok(await reads.OperationsAsync(territoryId, new OperationFilter(from, to, depotId, itemId, Parse<OperationKind>(kind, "kind"), donorId), page, size, http.User, ct)));
        api.MapGet("/operations.csv", async (int territoryId, DateOnly? from, DateOnly? to, int? depotId, int? itemId, string? kind, int? donorId, HttpContext http, StockReads reads, CancellationToken ct) =>
            TypedResults.File(await reads.OperationsCsvAsync(territoryId, new OperationFilter(from, to, depotId, itemId, Parse<OperationKind>(kind, "kind"), donorId), http.User, ct),
                "text/csv; charset=utf-8", $"mouvements-materiel-{territoryId}.csv"));

        api.MapGet("/requests", async (int territoryId, string? status, int? itemId, bool? mine, int? page, int? size, HttpContext http, EquipmentRequests requests, CancellationToken ct) =>
            TypedResults.Ok(await requests.ListAsync(territoryId, new RequestFilter(Parse<RequestStatus>(status, "status"), itemId, mine ?? false), page, size, http.User, ct)));
        api.MapPost("/requests", async (int territoryId, NewRequest request, HttpContext http, EquipmentRequests requests, CancellationToken ct) =>
            TypedResults.Created($"/api/equipment/territories/{territoryId}/requests", new { id = await requests.CreateAsync(territoryId, request, http.User, ct) }));
        api.MapPost("/requests/{id:int}/cancel", async (int territoryId, int id, NoteRequest request, HttpContext http, EquipmentRequests requests, CancellationToken ct) =>
        {
            await requests.CancelAsync(territoryId, id, request.Note, http.User, ct);
            return TypedResults.NoContent();
        });
        api.MapPost("/requests/{id:int}/refuse", async (int territoryId, int id, NoteRequest request, HttpContext http, EquipmentRequests requests, CancellationToken ct) =>
        {
            await requests.RefuseAsync(territoryId, id, request.Note, http.User, ct);
            return TypedResults.NoContent();
        });

        api.MapGet("/allocations", async (int territoryId, HttpContext http, Allocations allocations, CancellationToken ct) => TypedResults.Ok(await allocations.ListAsync(territoryId, http.User, ct)));
        api.MapPost("/allocations", async (int territoryId, ProposeRequest request, HttpContext http, Allocations allocations, CancellationToken ct) =>
        {
            var id = await allocations.ProposeAsync(territoryId, request.DepotId, request.ItemId, http.User, ct);
            return TypedResults.Created($"/api/equipment/territories/{territoryId}/allocations/{id}", await allocations.ShowAsync(territoryId, id, http.User, ct));
        });
        api.MapGet("/allocations/{id:int}", async (int territoryId, int id, HttpContext http, Allocations allocations, CancellationToken ct) =>
            TypedResults.Ok(await allocations.ShowAsync(territoryId, id, http.User, ct)));
        api.MapPost("/allocations/{id:int}/approve", async (int territoryId, int id, ApproveRequest request, HttpContext http, Allocations allocations, CancellationToken ct) =>
        {
            await allocations.ApproveAsync(territoryId, id, request, http.User, ct);
            return TypedResults.Ok(await allocations.ShowAsync(territoryId, id, http.User, ct));
        });
        api.MapPost("/allocations/{id:int}/cancel", async (int territoryId, int id, HttpContext http, Allocations allocations, CancellationToken ct) =>
        {
            await allocations.CancelAsync(territoryId, id, http.User, ct);
            return TypedResults.NoContent();
        });
        api.MapGet("/pickups", async (int territoryId, int? depotId, HttpContext http, Allocations allocations, CancellationToken ct) =>
            TypedResults.Ok(await allocations.PickupsAsync(territoryId, depotId, http.User, ct)));
        ledger.MapPost("/pickups/{lineId:int}", async (int territoryId, int lineId, PickupRequest request, HttpContext http, RecordOperation record, CancellationToken ct) =>
        {
            var key = request.Key ?? (http.Request.Headers[IdempotentFilter.Header].ToString() is { Length: > 0 } h ? h : null);
            var result = await record.PickUpAsync(territoryId, lineId, request.Quantity, request.CollectedBy, key, http.User, ct);
            return result.Replayed
                ? (Results<Created<OperationResult>, Ok<OperationResult>>)TypedResults.Ok(result)
                : TypedResults.Created($"/api/equipment/territories/{territoryId}/operations/{result.Id}", result);
        });

        api.MapGet("/policy", async (int territoryId, HttpContext http, EquipmentPolicies policies, CancellationToken ct) => TypedResults.Ok(await policies.ShowAsync(territoryId, http.User, ct)));
        api.MapPut("/policy", async (int territoryId, PolicyRequest request, HttpContext http, EquipmentPolicies policies, CancellationToken ct) =>
        {
            await policies.SetAsync(territoryId, request.Policy ?? throw DomainException.Invalid("Règles absentes.", "policy"), request.Version, http.User, ct);
            return TypedResults.Ok(await policies.ShowAsync(territoryId, http.User, ct));
        });

        api.MapGet("/lendables", async (int territoryId, HttpContext http, Loans loans, CancellationToken ct) => TypedResults.Ok(await loans.ListAsync(territoryId, http.User, ct)));
        api.MapPost("/lendables", async (int territoryId, UnitRequest request, HttpContext http, Loans loans, CancellationToken ct) =>
            TypedResults.Created($"/api/equipment/territories/{territoryId}/lendables", new { id = await loans.RegisterAsync(territoryId, request, http.User, ct) }));
        api.MapPost("/lendables/{id:int}/loans", async (int territoryId, int id, LendRequest request, HttpContext http, Loans loans, CancellationToken ct) =>
            TypedResults.Created($"/api/equipment/territories/{territoryId}/lendables", new { id = await loans.LendAsync(territoryId, id, request, http.User, ct) }));
        api.MapPost("/lendables/{id:int}/return", async (int territoryId, int id, ReturnRequest request, HttpContext http, Loans loans, CancellationToken ct) =>
        {
            await loans.ReturnAsync(territoryId, id, request, http.User, ct);
            return TypedResults.NoContent();
        });
        api.MapPost("/lendables/{id:int}/status", async (int territoryId, int id, UnitStatusRequest request, HttpContext http, Loans loans, CancellationToken ct) =>
        {
            await loans.SetStatusAsync(territoryId, id, request.Status, request.Version, http.User, ct);
            return TypedResults.NoContent();
        });

        api.MapGet("/reports/flows", async (int territoryId, DateOnly? from, DateOnly? to, int? itemId, HttpContext http, EquipmentReports reports, CancellationToken ct) =>
            TypedResults.Ok(await reports.ExecuteAsync(territoryId, from, to, itemId, http.User, ct)));
        api.MapGet("/reports/flows.csv", async (int territoryId, DateOnly? from, DateOnly? to, int? itemId, HttpContext http, EquipmentReports reports, CancellationToken ct) =>
            TypedResults.File(EquipmentReports.Csv(await reports.ExecuteAsync(territoryId, from, to, itemId, http.User, ct)), "text/csv; charset=utf-8", $"flux-materiel-{territoryId}.csv"));
        return app;
    }
}
