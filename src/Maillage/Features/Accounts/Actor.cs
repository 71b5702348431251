using System.Security.Claims;

namespace Maillage.Features.Accounts;

/// <summary>Who does something, as the audit log records it.</summary>
public sealed record Actor(string Id, string Name)
{
    public static Actor CommandLine { get; } = new("cli", $"ligne de commande ({Environment.UserName})");

    public static Actor Anonymous { get; } = new("anonymous", "anonyme");

    /// <summary>The application itself, for what happens on a schedule (a deadline passing).</summary>
    public static Actor System { get; } = new("system", "Maillage (tâche automatique)");

    /// <summary>The name people know the user by: their display name, else their login.</summary>
    public static string NameOf(ClaimsPrincipal user) =>
        user.FindFirstValue(AccountsFeature.DisplayNameClaim) is { Length: > 0 } name ? name : user.Identity?.Name ?? "?";

    /// <summary>The command line acting as an administrator, for use cases that take the signed-in user.</summary>
    public static ClaimsPrincipal CommandLineUser { get; } = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, CommandLine.Id), new Claim(ClaimTypes.Name, CommandLine.Name), new Claim(ClaimTypes.Role, Roles.Administrator)], "cli"));

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

/// <summary>Limits queries to the reader's territories, in one place.</summary>
public static class ScopeQueries
{
    /// <summary>Rows of the scope's territories; with <paramref name="only"/>, of that one territory if the scope covers it.</summary>
    public static IQueryable<T> InScope<T>(this IQueryable<T> query, UserScope scope, System.Linq.Expressions.Expression<Func<T, int>> territoryId, int? only = null)
    {
        var body = territoryId.Body;
        System.Linq.Expressions.Expression condition;
        if (only is { } one)
        {
            if (!scope.Covers(one))
            {
                return query.Where(_ => false);
            }

            condition = System.Linq.Expressions.Expression.Equal(body, System.Linq.Expressions.Expression.Constant(one));
        }
        else if (scope.AllTerritories)
        {
            return query;
        }
        else
        {
            condition = System.Linq.Expressions.Expression.Call(
                typeof(Enumerable), nameof(Enumerable.Contains), [typeof(int)],
                System.Linq.Expressions.Expression.Constant(scope.TerritoryIds.ToList()), body);
        }

        return query.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(condition, territoryId.Parameters));
    }
}
