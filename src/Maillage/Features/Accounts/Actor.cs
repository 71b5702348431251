using System.Security.Claims;

namespace Maillage.Features.Accounts;

/// <summary>Who does something, as the audit log records it.</summary>
public sealed record Actor(string Id, string Name)
{
    public static Actor CommandLine { get; } = new("cli", $"ligne de commande ({Environment.UserName})");

    public static Actor Anonymous { get; } = new("anonymous", "anonyme");

    public static Actor From(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
        ? new Actor(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?", user.Identity.Name ?? "?")
        : Anonymous;
}

/// <summary>The territories a user may see. Administrators and the command line see all.</summary>
public sealed record UserScope(bool AllTerritories, IReadOnlySet<int> TerritoryIds)
{
    public static UserScope Everything { get; } = new(true, new HashSet<int>());

    public bool Covers(int territoryId) => AllTerritories || TerritoryIds.Contains(territoryId);
}
