using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>The institutional messages received by the coordination, newest first, with what was passed on and what still waits.</summary>
[Authorize]
public sealed class DeskMessagesModel(ScopeOfUser scopeOfUser, NameTerritories territories, IncomingMessages messages) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "source")] public string? SourceFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "theme")] public string? Theme { get; set; }

    [BindProperty(SupportsGet = true, Name = "profession")] public string? Profession { get; set; }

    [BindProperty(SupportsGet = true, Name = "nondiffuses")] public bool OnlyUndiffused { get; set; }

    [BindProperty(SupportsGet = true, Name = "archives")] public bool IncludeArchived { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public Page<MessageRow>? List { get; private set; }

    public MessageSource? Source => EnumText.TryParse<MessageSource>(SourceFilter, out var s) ? s : null;

    public bool Filtered => !string.IsNullOrWhiteSpace(Query) || Source is not null || !string.IsNullOrEmpty(Theme) || !string.IsNullOrEmpty(Profession) || OnlyUndiffused;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } territory)
        {
            // An unknown theme or profession in the address finds nothing rather than failing.
            List = await messages.ListAsync(new MessageFilter(territory, Query, Source, Theme, Profession, OnlyUndiffused, IncludeArchived), PageNumber, 25, User, ct);
        }

        return Page();
    }

    public string Link(int? page)
    {
        var parts = new List<string> { $"territoire={TerritoryId}" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
            }
        }

        Add("q", Query);
        Add("source", Source is { } s ? EnumText.Kebab(s) : null);
        Add("theme", Theme);
        Add("profession", Profession);
        Add("nondiffuses", OnlyUndiffused ? "true" : null);
        Add("archives", IncludeArchived ? "true" : null);
        Add("page", page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        return $"{DeskPages.Messages}?{string.Join('&', parts)}";
    }
}
