using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Notifications;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Features.Rosters;

public sealed record RoleRequest(string? Label, IReadOnlyList<string>? Professions, bool Exposed);

public sealed record ShiftRequest(string? Name, string? Pattern, IReadOnlyDictionary<int, int>? Headcounts);

public sealed record AssignRequest(int ShiftId, DateOnly Date, int RoleId, int ProfessionalId, int? AbsenceId);

public sealed record LockRequest(bool Locked);

public sealed record AbsenceRequest(string? Reason);

public sealed record RulesRequest(int MinRestMinutes, int MaxShiftsPerWeek);

public sealed record AvailabilityRangeRequest(int? ProfessionalId, DateOnly From, DateOnly To, IReadOnlyList<int>? ShiftIds, bool Available = true);

public sealed record PreferencesRequest(int? ProfessionalId, int? PreferredCentreId, IReadOnlyList<int>? PartnerIds);

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
        services.AddScoped<SetAvailabilityRange>();
        services.AddScoped<LoadRosterWeek>();
        services.AddScoped<RosterWeekChanges>();
        services.AddScoped<ShowRosterWeek>();
        services.AddScoped<SolveRosterWeek>();
        services.AddScoped<AssignVolunteer>();
        services.AddScoped<FindAssignment>();
        services.AddScoped<RemoveAssignment>();
        services.AddScoped<SetAssignmentLock>();
        services.AddScoped<PublishRosterWeek>();
        services.AddScoped<DeclareAbsence>();
        services.AddScoped<SetRosterRules>();
        services.AddScoped<ListVolunteerShifts>();
        services.AddScoped<ShowRosterPreferences>();
        services.AddScoped<SetRosterPreferences>();
        services.AddScoped<ListUncoveredSoon>();
        services.AddScoped<CountRosterActivity>();
        services.AddScoped<Notify>();
        services.AddScoped<ListNotifications>();
        services.AddScoped<MarkNotificationsRead>();
        return services;
    }

    public static WebApplication MapRosters(this WebApplication app)
    {
        var api = app.MapGroup("/api/rosters").RequireAuthorization().WithTags("Plannings");
        api.MapGet("/centres/{id:int}", async (int id, HttpContext http, DirectoryAccess access, ShowCentreSetup show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, (await access.ReaderAsync(http.User, ct)).Scope, ct)));
        api.MapGet("/centres/{id:int}/weeks/{date}", async (int id, DateOnly date, HttpContext http, DirectoryAccess access, ShowRosterWeek show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, date, (await access.ReaderAsync(http.User, ct)).Scope, ct)));
        api.MapGet("/centres/{id:int}/weeks/{date}/csv", async (int id, DateOnly date, HttpContext http, DirectoryAccess access, ShowRosterWeek show, CancellationToken ct) =>
        {
            var week = await show.ExecuteAsync(id, date, (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.File(RosterExports.WeekCsv(week), "text/csv; charset=utf-8", $"planning-centre-{id}-{week.WeekStart:yyyy-MM-dd}.csv");
        });
        api.MapPost("/assignments/{id:int}/absence", async (int id, AbsenceRequest request, HttpContext http, DirectoryAccess access, FindOwnEntry own, DeclareAbsence declare, CancellationToken ct) =>
        {
            var reader = await access.ReaderAsync(http.User, ct);
            var self = DirectoryAccess.CanEdit(http.User) ? (int?)null : await own.ExecuteAsync(http.User, ct) ?? throw DomainException.NotFound("Affectation introuvable.", "assignment");
            return TypedResults.Ok(new { absenceId = await declare.ExecuteAsync(id, request.Reason, self, Actor.From(http.User), reader.Scope, ct) });
        });
        api.MapGet("/me/shifts", async (HttpContext http, DirectoryAccess access, FindOwnEntry own, ListVolunteerShifts list, TimeProvider time, CancellationToken ct) =>
            TypedResults.Ok(await own.ExecuteAsync(http.User, ct) is { } me
                ? await list.ExecuteAsync(me, Today(time).AddDays(-7), includeDrafts: false, (await access.ReaderAsync(http.User, ct)).Scope, ct)
                : []));
        api.MapGet("/me/calendar.ics", async (HttpContext http, DirectoryAccess access, FindOwnEntry own, ListVolunteerShifts list, TimeProvider time, CancellationToken ct) =>
        {
            var me = await own.ExecuteAsync(http.User, ct) ?? throw DomainException.NotFound("Votre compte n'est relié à aucune fiche de l'annuaire.", "professional");
            return Calendar(await list.ExecuteAsync(me, Today(time).AddDays(-30), includeDrafts: false, (await access.ReaderAsync(http.User, ct)).Scope, ct), "Mes créneaux", time, http);
        });
        api.MapGet("/centres/{id:int}/preferences", async Task<Results<Ok<RosterPreferencesView>, ForbidHttpResult>> (int id, int? professionalId, HttpContext http, DirectoryAccess access, FindOwnEntry own, ShowRosterPreferences show, CancellationToken ct) =>
            await SubjectAsync(http, own, professionalId, ct) is { } subject
                ? TypedResults.Ok(await show.ExecuteAsync(id, subject, (await access.ReaderAsync(http.User, ct)).Scope, ct))
                : TypedResults.Forbid());
        api.MapPut("/centres/{id:int}/preferences", async Task<Results<NoContent, ForbidHttpResult>> (int id, PreferencesRequest request, HttpContext http, DirectoryAccess access, FindOwnEntry own, SetRosterPreferences set, CancellationToken ct) =>
        {
            if (await SubjectAsync(http, own, request.ProfessionalId, ct) is not { } subject)
            {
                return TypedResults.Forbid();
            }

            await set.ExecuteAsync(id, subject, request.PreferredCentreId, request.PartnerIds ?? [], Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.NoContent();
        });
        api.MapGet("/alerts", async (HttpContext http, DirectoryAccess access, ListUncoveredSoon list, CancellationToken ct) =>
            TypedResults.Ok(await list.ExecuteAsync((await access.ReaderAsync(http.User, ct)).Scope, ct)));

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
        edit.MapPut("/centres/{id:int}/rules", async (int id, RulesRequest request, HttpContext http, DirectoryAccess access, SetRosterRules set, CancellationToken ct) =>
        {
            await set.ExecuteAsync(id, request.MinRestMinutes, request.MaxShiftsPerWeek, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.NoContent();
        });
        edit.MapPost("/centres/{id:int}/availability-range", async (int id, AvailabilityRangeRequest request, HttpContext http, DirectoryAccess access, SetAvailabilityRange set, CancellationToken ct) =>
        {
            var professional = request.ProfessionalId ?? throw DomainException.Invalid("Indiquez le professionnel.", "professionalId");
            return TypedResults.Ok(new { changed = await set.ExecuteAsync(id, professional, request.From, request.To, request.ShiftIds ?? [], request.Available, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct) });
        });
        edit.MapPost("/centres/{id:int}/weeks/{date}/solve", async (int id, DateOnly date, HttpContext http, DirectoryAccess access, SolveRosterWeek solve, CancellationToken ct) =>
            TypedResults.Ok(await solve.ExecuteAsync(id, date, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct)));
        edit.MapPost("/centres/{id:int}/weeks/{date}/publish", async (int id, DateOnly date, HttpContext http, DirectoryAccess access, PublishRosterWeek publish, CancellationToken ct) =>
            TypedResults.Ok(new { notified = await publish.ExecuteAsync(id, date, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct) }));
        edit.MapPost("/centres/{id:int}/assignments", async Task<Created<object>> (int id, AssignRequest request, HttpContext http, DirectoryAccess access, AssignVolunteer assign, CancellationToken ct) =>
        {
            var assignmentId = await assign.ExecuteAsync(id, request.ShiftId, request.Date, request.RoleId, request.ProfessionalId, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, request.AbsenceId, ct);
            return TypedResults.Created($"/api/rosters/centres/{id}/weeks/{request.Date:yyyy-MM-dd}", (object)new { id = assignmentId });
        });
        edit.MapDelete("/assignments/{id:int}", async (int id, HttpContext http, DirectoryAccess access, RemoveAssignment remove, CancellationToken ct) =>
        {
            await remove.ExecuteAsync(id, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.NoContent();
        });
        edit.MapPost("/assignments/{id:int}/lock", async (int id, LockRequest request, HttpContext http, DirectoryAccess access, SetAssignmentLock set, CancellationToken ct) =>
        {
            await set.ExecuteAsync(id, request.Locked, Actor.From(http.User), (await access.ReaderAsync(http.User, ct)).Scope, ct);
            return TypedResults.NoContent();
        });
        edit.MapGet("/professionals/{id:int}/calendar.ics", async (int id, HttpContext http, DirectoryAccess access, LoadRosterWeek load, ListVolunteerShifts list, TimeProvider time, CancellationToken ct) =>
        {
            var scope = (await access.ReaderAsync(http.User, ct)).Scope;
            var person = await load.PersonAsync(id, scope, ct) ?? throw DomainException.NotFound("Professionnel introuvable.", "id");
            return Calendar(await list.ExecuteAsync(id, Today(time).AddDays(-30), includeDrafts: false, scope, ct), $"Créneaux — {person.Name}", time, http);
        });

        var notifications = app.MapGroup("/api/notifications").RequireAuthorization().WithTags("Notifications");
        notifications.MapGet("", async (HttpContext http, FindOwnEntry own, ListNotifications list, CancellationToken ct) =>
        {
            if (await own.ExecuteAsync(http.User, ct) is not { } me)
            {
                return TypedResults.Ok(new { unread = 0, items = Array.Empty<NotificationView>() as IReadOnlyList<NotificationView> });
            }

            var (items, unread) = await list.ExecuteAsync(me, 50, ct);
            return TypedResults.Ok(new { unread, items });
        });
        notifications.MapPost("/read", async (HttpContext http, FindOwnEntry own, MarkNotificationsRead mark, CancellationToken ct) =>
            TypedResults.Ok(new { marked = await own.ExecuteAsync(http.User, ct) is { } me ? await mark.ExecuteAsync(me, ct) : 0 }));
        return app;
    }

    /// <summary>
    /// Whose roster wishes a request is about: coordinators name anyone (themselves by default); others only
    /// themselves, so naming someone else is refused (null).
    /// </summary>
    private static async Task<int?> SubjectAsync(HttpContext http, FindOwnEntry own, int? requested, CancellationToken ct)
    {
        var me = await own.ExecuteAsync(http.User, ct);
        if (DirectoryAccess.CanEdit(http.User))
        {
            return requested ?? me ?? throw DomainException.Invalid("Indiquez le professionnel.", "professionalId");
        }

        var self = me ?? throw DomainException.NotFound("Votre compte n'est relié à aucune fiche de l'annuaire.", "professionalId");
        return requested is null || requested == self ? self : null;
    }

    public static DateOnly Today(TimeProvider time) => French.Today(time);

    public static FileContentHttpResult Calendar(IEnumerable<VolunteerShift> shifts, string name, TimeProvider time, HttpContext http) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(RosterExports.ICalendar(name, shifts, time.GetUtcNow().UtcDateTime, http.Request.Host.Host)),
            "text/calendar; charset=utf-8", "creneaux.ics");
}
