using System.Net.Mail;
using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accounts;

public sealed record NewUser(string? Email, string? DisplayName, string? Role, IReadOnlyList<string> Territories, string? Password, bool IsDemo = false);

public sealed record UserView(string Id, string Email, string DisplayName, string Role, IReadOnlyList<CodeAndName> Territories, bool IsLockedOut, bool IsDisabled, bool IsDemo, DateTime CreatedAtUtc);

public sealed record UserAccess(string? Role, IReadOnlyList<int> TerritoryIds, bool Disabled);

/// <summary>Territory ids a user may see: the administrator sees all.</summary>
public sealed class ScopeOfUser(MaillageDb db)
{
    public async Task<UserScope> ExecuteAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.IsInRole(Roles.Administrator))
        {
            return UserScope.Everything;
        }

        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
        {
            return new UserScope(false, new HashSet<int>());
        }

        var ids = await db.Set<UserTerritory>().AsNoTracking().Where(ut => ut.UserId == id).Select(ut => ut.TerritoryId).ToListAsync(ct);
        return new UserScope(false, ids.ToHashSet());
    }

    /// <summary>The user's scope when it covers the territory; a territory outside it reads as not found.</summary>
    public async Task<UserScope> CoveringAsync(ClaimsPrincipal user, int territoryId, CancellationToken ct = default)
    {
        var scope = await ExecuteAsync(user, ct);
        return scope.Covers(territoryId) ? scope : throw DomainException.NotFound("Territoire introuvable.");
    }
}

public sealed class AddUser(MaillageDb db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, NameTerritories territoryNames, AuditLog audit, TimeProvider time)
{
    public async Task<UserView> ExecuteAsync(NewUser request, Actor actor, CancellationToken ct = default)
    {
        var email = (request.Email ?? "").Trim();
        if (email.Length == 0 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.'))
        {
            throw DomainException.Invalid($"« {email} » n'est pas une adresse e-mail valide.", "email");
        }

        var role = (request.Role ?? "").Trim();
        if (!Roles.Exists(role))
        {
            throw DomainException.Invalid($"Rôle inconnu « {role} ». Rôles possibles : {string.Join(", ", Roles.All.Select(r => r.Name))}.", "role");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            throw DomainException.Conflict($"Un compte existe déjà pour {email}.", "email");
        }

        var known = await territoryNames.ExecuteAsync(null, ct);
        var territoryIds = new List<int>();
        foreach (var name in request.Territories.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            var key = TextNormalizer.Fold(name);
            var match = known.FirstOrDefault(t => t.Key.ToString(System.Globalization.CultureInfo.InvariantCulture) == name.Trim() || TextNormalizer.Fold(t.Value) == key);
            territoryIds.Add(match.Value is not null ? match.Key : throw DomainException.NotFound($"Aucun territoire « {name.Trim()} ».", "territories"));
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            throw DomainException.Invalid("Le mot de passe est obligatoire.", "password");
        }

        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email : request.DisplayName.Trim(),
            IsDemo = request.IsDemo,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // CreateAsync checks the password policy before writing anything.
        var created = await users.CreateAsync(user, request.Password);
        Check(created, created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "email");
        await EnsureRoleAsync(roles, role);
        Check(await users.AddToRoleAsync(user, role), "role");
        db.Set<UserTerritory>().AddRange(territoryIds.Distinct().Select(id => new UserTerritory { UserId = user.Id, TerritoryId = id }));
        await audit.RecordAsync(actor, "user.created", $"user:{email}", $"rôle {role}; territoires {string.Join(", ", territoryIds)}", ct);
        await transaction.CommitAsync(ct);
        return await UserViews.OneAsync(db, users, territoryNames, user, time.GetUtcNow(), ct);
    }

    internal static async Task EnsureRoleAsync(RoleManager<IdentityRole> roles, string role)
    {
        if (!await roles.RoleExistsAsync(role))
        {
            Check(await roles.CreateAsync(new IdentityRole(role)), "role");
        }
    }

    internal static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            throw DomainException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)), field);
        }
    }
}

public sealed class ChangeUserAccess(MaillageDb db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, NameTerritories territoryNames, AuditLog audit, TimeProvider time)
{
    public async Task<UserView> ExecuteAsync(string userId, UserAccess access, Actor actor, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId) ?? throw DomainException.NotFound("Compte introuvable.", "user");
        var role = (access.Role ?? "").Trim();
        if (!Roles.Exists(role))
        {
            throw DomainException.Invalid($"Rôle inconnu « {role} ».", "role");
        }

        if (user.Id == actor.Id && (role != Roles.Administrator || access.Disabled))
        {
            throw DomainException.Invalid("Vous ne pouvez pas retirer votre propre rôle d'administrateur ni désactiver votre propre compte.", "role");
        }

        var known = await territoryNames.ExecuteAsync(access.TerritoryIds, ct);
        var unknown = access.TerritoryIds.Where(id => !known.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid($"Territoire inconnu : {string.Join(", ", unknown)}.", "territories");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var currentRoles = await users.GetRolesAsync(user);
        if (!currentRoles.SequenceEqual([role]))
        {
            AddUser.Check(await users.RemoveFromRolesAsync(user, currentRoles), "role");
            await AddUser.EnsureRoleAsync(roles, role);
            AddUser.Check(await users.AddToRoleAsync(user, role), "role");
            await audit.RecordAsync(actor, "user.role-changed", $"user:{user.Email}", $"{string.Join(",", currentRoles)} → {role}", ct);
        }

        var links = await db.Set<UserTerritory>().Where(ut => ut.UserId == user.Id).ToListAsync(ct);
        var wanted = access.TerritoryIds.Distinct().ToHashSet();
        if (!links.Select(l => l.TerritoryId).ToHashSet().SetEquals(wanted))
        {
            db.Set<UserTerritory>().RemoveRange(links.Where(l => !wanted.Contains(l.TerritoryId)));
            db.Set<UserTerritory>().AddRange(wanted.Where(id => links.All(l => l.TerritoryId != id)).Select(id => new UserTerritory { UserId = user.Id, TerritoryId = id }));
            await audit.RecordAsync(actor, "user.territories-changed", $"user:{user.Email}", $"territoires {string.Join(", ", wanted.Order())}", ct);
        }

        var disabled = UserViews.IsDisabled(user);
        if (access.Disabled != disabled)
        {
            AddUser.Check(await users.SetLockoutEndDateAsync(user, access.Disabled ? DateTimeOffset.MaxValue : null), "disabled");
            await audit.RecordAsync(actor, access.Disabled ? "user.disabled" : "user.enabled", $"user:{user.Email}", null, ct);
        }

        // A new security stamp signs the user out of other sessions within a minute, so the change applies now.
        AddUser.Check(await users.UpdateSecurityStampAsync(user), "user");
        await transaction.CommitAsync(ct);
        return await UserViews.OneAsync(db, users, territoryNames, user, time.GetUtcNow(), ct);
    }
}

public sealed class ListUsers(MaillageDb db, UserManager<AppUser> users, NameTerritories territoryNames, TimeProvider time)
{
    public async Task<Page<UserView>> ExecuteAsync(string? search, int? page, CancellationToken ct = default)
    {
        var (p, s) = Paging.Normalize(page, 25);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(text) || u.DisplayName.ToUpper().Contains(text));
        }

        var total = await query.CountAsync(ct);
        var list = await query.OrderBy(u => u.NormalizedEmail).Skip((p - 1) * s).Take(s).ToListAsync(ct);
        var views = new List<UserView>();
        foreach (var user in list)
        {
            views.Add(await UserViews.OneAsync(db, users, territoryNames, user, time.GetUtcNow(), ct));
        }

        return new Page<UserView>(views, p, s, total);
    }
}

public sealed class ShowUser(MaillageDb db, UserManager<AppUser> users, NameTerritories territoryNames, TimeProvider time)
{
    public async Task<UserView> ExecuteAsync(string id, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(id) ?? throw DomainException.NotFound("Compte introuvable.", "user");
        return await UserViews.OneAsync(db, users, territoryNames, user, time.GetUtcNow(), ct);
    }
}

internal static class UserViews
{
    /// <summary>Disabling sets the lockout end to the end of time; a lockout after failed logins lasts minutes.</summary>
    public static bool IsDisabled(AppUser user) => user.LockoutEnd is { } end && end.Year >= 9000;

    public static async Task<UserView> OneAsync(MaillageDb db, UserManager<AppUser> users, NameTerritories territoryNames, AppUser user, DateTimeOffset now, CancellationToken ct)
    {
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
        var ids = await db.Set<UserTerritory>().AsNoTracking().Where(ut => ut.UserId == user.Id).Select(ut => ut.TerritoryId).ToListAsync(ct);
        var names = await territoryNames.ExecuteAsync(ids, ct);
        return new UserView(
            user.Id,
            user.Email ?? "",
            user.DisplayName,
            role,
            names.OrderBy(n => n.Value, StringComparer.Create(French.Culture, true))
                .Select(n => new CodeAndName(n.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), n.Value)).ToList(),
            user.LockoutEnd is { } end && end > now,
            UserViews.IsDisabled(user),
            user.IsDemo,
            user.CreatedAtUtc);
    }
}
