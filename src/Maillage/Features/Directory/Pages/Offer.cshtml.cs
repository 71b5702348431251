using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

/// <summary>"Where can this patient be seen?" — the search used by regulation and secretaries.</summary>
public sealed class OfferModel(DirectoryAccess access, SearchOffer search, SearchCommunes communes) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "capability")]
    public List<string> Capability { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Commune { get; set; }

    [BindProperty(SupportsGet = true)]
    public string When { get; set; } = "now";

    [BindProperty(SupportsGet = true)]
    public string? At { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Profession { get; set; }

    public OfferResult? Result { get; private set; }

    public CommuneHit? ChosenCommune { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Request.Query.Count == 0)
        {
            return;
        }

        try
        {
            string? near = null;
            if (!string.IsNullOrWhiteSpace(Commune))
            {
                var hits = await communes.ExecuteAsync(Commune, 1, 1, ct);
                ChosenCommune = hits.Items.FirstOrDefault() ?? throw DomainException.Invalid($"Aucune commune ne correspond à « {Commune} ».", "commune");
                near = ChosenCommune.Code;
            }

            var atUtc = When == "at" ? DirectoryFeature.ParseInstant(At, "at") ?? throw DomainException.Invalid("Indiquez la date et l'heure.", "at") : (DateTime?)null;
            Result = await search.ExecuteAsync(
                new OfferQuery(Capability, near, OpenAtUtc: atUtc, OpenNow: When == "now", Profession: Profession, Limit: 30),
                (await access.ReaderAsync(User, ct)).Scope, ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field is "q" or "near" ? nameof(Commune) : FormFields.Property(e.Field), e.Message);
        }
    }
}
