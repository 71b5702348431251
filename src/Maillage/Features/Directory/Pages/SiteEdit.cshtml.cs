using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

public sealed class SiteEditModel(DirectoryAccess access, ShowStructure show, LocateSite locate, SaveSite save) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? CommuneCode { get; set; }
    [BindProperty] public string? Latitude { get; set; }
    [BindProperty] public string? Longitude { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Accessibility { get; set; }
    [BindProperty] public int? Version { get; set; }

    public StructureView Structure { get; private set; } = null!;

    public int? SiteId { get; private set; }

    public async Task OnGetAsync(int? siteId, int? structureId, CancellationToken ct)
    {
        var details = await LoadAsync(siteId, structureId, ct);
        if (siteId is not null && details.Sites.FirstOrDefault(s => s.Id == siteId) is { } site)
        {
            (Name, Address, CommuneCode, Latitude, Longitude, Phone, Accessibility, Version) =
                (site.Name, site.Address, site.CommuneCode, Format(site.Latitude), Format(site.Longitude), site.Phone, site.Accessibility, site.Version);
        }
    }

    public async Task<IActionResult> OnPostAsync(int? siteId, int? structureId, CancellationToken ct)
    {
        var details = await LoadAsync(siteId, structureId, ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await save.ExecuteAsync(siteId, new SiteInput(details.Structure.Id, Name, Address, CommuneCode, Decimal(Latitude, "latitude"), Decimal(Longitude, "longitude"), Phone, Accessibility), Version,
                Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            TempData["Message"] = siteId is null ? "Site ajouté. Déclarez maintenant ses services et horaires." : "Site enregistré.";
            return Redirect($"/annuaire/structures/{details.Structure.Id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    private static string? Format(double? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Accepts 43.6275 and 43,6275: people type both.</summary>
    private static double? Decimal(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text.Trim().Replace(',', '.'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw DomainException.Invalid($"« {text} » n'est pas un nombre décimal (exemple : 43.6275).", field);
    }

    private async Task<StructureDetails> LoadAsync(int? siteId, int? structureId, CancellationToken ct)
    {
        SiteId = siteId;
        var id = siteId is { } s ? await locate.ExecuteAsync(s, ct) : structureId ?? throw DomainException.NotFound("Structure manquante.");
        var details = await show.ExecuteAsync(id, await access.ReaderAsync(User, ct), ct);
        Structure = details.Structure;
        return details;
    }
}
