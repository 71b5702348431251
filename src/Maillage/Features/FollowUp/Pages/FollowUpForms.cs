using System.Security.Claims;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>What the follow-up forms share: the territory shown, the patient's commune as typed, the regular doctor picked by name.</summary>
public static class FollowUpForms
{
    /// <summary>The INSEE code of the commune typed (name, postal code or code); an error names the form field.</summary>
    public static async Task<string> CommuneAsync(FindCommune findCommune, string? typed, string field, CancellationToken ct)
    {
        try
        {
            return (await findCommune.ExecuteAsync(typed, ct)).Code;
        }
        catch (DomainException e)
        {
            throw DomainException.Invalid(e.Message, field);
        }
    }

    /// <summary>The regular doctor chosen in the list by name; empty for none.</summary>
    public static int? Doctor(IReadOnlyList<ProfessionalRow> doctors, string? typed, string field) =>
        string.IsNullOrWhiteSpace(typed) ? null
        : doctors.FirstOrDefault(d => string.Equals(d.Name, typed.Trim(), StringComparison.OrdinalIgnoreCase))?.Id
          ?? throw DomainException.Invalid($"« {typed} » n'est pas un médecin généraliste de l'annuaire du territoire : choisissez-le dans la liste, ou laissez vide.", field);
}
