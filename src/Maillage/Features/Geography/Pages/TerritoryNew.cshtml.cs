using System.ComponentModel.DataAnnotations;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Geography.Pages;

public sealed class TerritoryNewModel(CreateTerritory create) : PageModel
{
    [BindProperty]
    [Display(Name = "Nom du territoire")]
    public string? Name { get; set; }

    [BindProperty]
    [Display(Name = "EPCI (codes SIREN)")]
    public string? Epcis { get; set; }

    [BindProperty]
    [Display(Name = "Communes ajoutées (codes INSEE)")]
    public string? Communes { get; set; }

    [BindProperty]
    [Display(Name = "Communes exclues (codes INSEE)")]
    public string? Excludes { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var summary = await create.ExecuteAsync(new TerritoryDefinition(Name, Codes(Epcis), Codes(Communes), Codes(Excludes)), Actor.From(User), ct: ct);
            TempData["Message"] = $"Territoire « {summary.Name} » créé : {summary.CommuneCount} communes.";
            return Redirect($"/territoires/{summary.Id}");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field switch
            {
                "name" => nameof(Name),
                "epcis" => nameof(Epcis),
                "excludes" => nameof(Excludes),
                _ => nameof(Communes),
            }, e.Message);
            return Page();
        }
    }

    internal static IReadOnlyList<string> Codes(string? text) =>
        (text ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
