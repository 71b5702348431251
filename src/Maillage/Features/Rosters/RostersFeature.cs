using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Features.Rosters;

public sealed record RoleRequest(string? Label, IReadOnlyList<string>? Professions, bool Exposed);

public sealed record ShiftRequest(string? Name, string? Pattern, IReadOnlyDictionary<int, int>? Headcounts);

public static class RostersFeature
{
    public static IServiceCollection AddRosters(this IServiceCollection services)
    {
        services.AddScoped<RosterCentre>();
        services.AddScoped<AddRole>();
        services.AddScoped<AddStandardRoles>();
        services.AddScoped<AddShiftTemplate>();
        services.AddScoped<ShowCentreSetup>();
        services.AddScoped<ShowWeekAvailability>();
        services.AddScoped<SetWeekAvailability>();
        return services;
    }

    public static WebApplication MapRosters(this WebApplication app)
    {
        var api = app.MapGroup("/api/rosters").RequireAuthorization().WithTags("Plannings");
        api.MapGet("/centres/{id:int}", async (int id, HttpContext http, DirectoryAccess access, ShowCentreSetup show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, (await access.ReaderAsync(http.User, ct)).Scope, ct)));
        var edit = api.MapGroup("").RequireAuthorization(AccountsFeature.TerritoryEditorPolicy);
        edit.MapPost("/centres/{id:int}/roles", async Task<Created<object>> (int id, RoleRequest request, HttpContext http, DirectoryAccess access, AddRole add, CancellationToken ct) =>
        {
            var roleId = await add.ExecuteAsync(id, request.Label, request.Professions ?? [], request.Exposed, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.Created($"/api/rosters/centres/{id}", (object)new { id = roleId });
        });
        edit.MapPost("/centres/{id:int}/standard-roles", async (int id, HttpContext http, DirectoryAccess access, AddStandardRoles add, CancellationToken ct) =>
            TypedResults.Ok(new { added = await add.ExecuteAsync(id, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct) }));
        edit.MapPost("/centres/{id:int}/shifts", async Task<Created<object>> (int id, ShiftRequest request, HttpContext http, DirectoryAccess access, AddShiftTemplate add, CancellationToken ct) =>
        {
            var shiftId = await add.ExecuteAsync(id, request.Name, request.Pattern, request.Headcounts ?? new Dictionary<int, int>(), Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.Created($"/api/rosters/centres/{id}", (object)new { id = shiftId });
        });
        return app;
    }
}
