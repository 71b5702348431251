using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Library.Pages;

/// <summary>The library's search: words, kind, theme, profession, territory, and what to show besides what is in force.</summary>
[Authorize]
public sealed class IndexModel(ScopeOfUser scopeOfUser, NameTerritories territories, SearchLibrary search, ListLibraryThemes themes) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "theme")] public string? Theme { get; set; }
    [BindProperty(SupportsGet = true, Name = "profession")] public string? Profession { get; set; }
    [BindProperty(SupportsGet = true, Name = "archives")] public bool Archived { get; set; }
    [BindProperty(SupportsGet = true, Name = "expires")] public bool Expired { get; set; }
    [BindProperty(SupportsGet = true, Name = "remplaces")] public bool Superseded { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<string> Themes { get; private set; } = [];

    public Page<DocumentSummary>? Results { get; private set; }

    public string? Problem { get; private set; }

    public bool CanEdit => LibraryAccess.MayEdit(User);

    public bool Filtered => !string.IsNullOrWhiteSpace(Text) || !string.IsNullOrEmpty(Kind) || !string.IsNullOrEmpty(Theme) || !string.IsNullOrEmpty(Profession);

    public IReadOnlyList<Profession> ProfessionChoices => Directory.Professions.All;

    public string Link(int number) =>
        "/bibliotheque?" + string.Join('&', new (string Key, string? Value)[]
        {
            ("q", Text), ("territoire", TerritoryId?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("type", Kind), ("theme", Theme), ("profession", Profession),
            ("archives", Archived ? "true" : null), ("expires", Expired ? "true" : null), ("remplaces", Superseded ? "true" : null),
            ("page", number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await scopeOfUser.ExecuteAsync(User, ct);
        Territories = await territories.ExecuteAsync(null, ct, scope);
        if (TerritoryId is { } asked && !Territories.ContainsKey(asked))
        {
            TerritoryId = null;
        }

        Themes = await themes.ExecuteAsync(scope, ct);
        if (Territories.Count == 0)
        {
            return;
        }

        try
        {
            var query = new LibraryQuery(Text, TerritoryId, LibraryRules.ParseKind(Kind), Theme, Profession, Archived, Expired, Superseded);
            Results = await search.ExecuteAsync(query, scope, PageNumber, 20, ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid)
        {
            Problem = e.Message;
        }
    }
}
