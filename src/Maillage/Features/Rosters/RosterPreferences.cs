using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Rosters;

public sealed record PreferenceChoice(int Id, string Label);

/// <param name="Centres">The crisis's centres one may prefer (closed ones left out).</param>
/// <param name="Volunteers">People one may ask to work with: those who declared availability in this crisis.</param>
public sealed record RosterPreferencesView(
    int EpisodeId, int ProfessionalId, int? PreferredCentreId, IReadOnlyList<int> PartnerIds,
    IReadOnlyList<PreferenceChoice> Centres, IReadOnlyList<PreferenceChoice> Volunteers, DateTime? UpdatedAtUtc, string? UpdatedBy);

/// <summary>Reads a volunteer's preferences for the crisis of a centre, with the choices they can make.</summary>
public sealed class ShowRosterPreferences(MaillageDb db, RosterCentre centres, ListCentreRefs centreRefs, LoadProfessionalFacts professionals)
{
    public async Task<RosterPreferencesView> ExecuteAsync(int centreId, int professionalId, UserScope scope, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange: false, ct);
        var refs = await centreRefs.ExecuteAsync(scope, centre.EpisodeId, ct);
        var preference = await db.Set<RosterPreference>().AsNoTracking().Include(p => p.Partners)
            .FirstOrDefaultAsync(p => p.EpisodeId == centre.EpisodeId && p.ProfessionalId == professionalId, ct);
        var partnerIds = preference?.Partners.Select(p => p.PartnerId).ToList() ?? [];
        var centreIds = refs.Select(c => c.Id).ToList();
        var volunteerIds = await db.Set<Availability>()
            .Join(db.Set<ShiftTemplate>(), a => a.ShiftTemplateId, s => s.Id, (a, s) => new { a.ProfessionalId, s.CentreId })
            .Where(x => centreIds.Contains(x.CentreId)).Select(x => x.ProfessionalId).Distinct().ToListAsync(ct);
        var people = await professionals.ExecuteAsync(volunteerIds.Concat(partnerIds).Append(professionalId).ToList(), scope, ct);
        if (!people.ContainsKey(professionalId))
        {
            throw DomainException.NotFound("Professionnel introuvable.", "professionalId");
        }

        return new RosterPreferencesView(centre.EpisodeId, professionalId, preference?.PreferredCentreId, partnerIds.Where(people.ContainsKey).ToList(),
            refs.Where(c => c.Stage != CentreStage.Closed || c.Id == preference?.PreferredCentreId).Select(c => new PreferenceChoice(c.Id, c.Name)).ToList(),
            people.Values.Where(p => p.Id != professionalId).OrderBy(p => p.Name, StringComparer.Create(French.Culture, true))
                .Select(p => new PreferenceChoice(p.Id, $"{p.Name} — {Professions.Label(p.Profession)}")).ToList(),
            preference?.UpdatedAtUtc, preference?.UpdatedBy);
    }
}

/// <summary>
/// Replaces a volunteer's preferences for the crisis of a centre. Partners are capped because every extra
/// one dilutes the others: the solver can only pair people on the shifts they share.
/// </summary>
public sealed class SetRosterPreferences(MaillageDb db, RosterCentre centres, ListCentreRefs centreRefs, LoadProfessionalFacts professionals, AuditLog audit, TimeProvider time)
{
    public const int MaxPartners = 3;

    public async Task ExecuteAsync(int centreId, int professionalId, int? preferredCentreId, IReadOnlyCollection<int> partnerIds, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var centre = await centres.ExecuteAsync(centreId, scope, forChange: true, ct);
        var partners = partnerIds.Distinct().ToList();
        var people = await professionals.ExecuteAsync(partners.Append(professionalId).ToList(), scope, ct);
        if (!people.ContainsKey(professionalId))
        {
            throw DomainException.NotFound("Professionnel introuvable.", "professionalId");
        }

        if (partners.Contains(professionalId))
        {
            throw DomainException.Invalid("On ne se choisit pas soi-même comme binôme.", "partnerIds");
        }

        if (partners.Count > MaxPartners)
        {
            throw DomainException.Invalid($"Choisissez au plus {MaxPartners} personnes avec qui travailler.", "partnerIds");
        }

        if (partners.Where(p => !people.ContainsKey(p)).Select(p => (int?)p).FirstOrDefault() is { } unknown)
        {
            throw DomainException.Invalid($"Le professionnel n° {unknown} est introuvable sur ce territoire.", "partnerIds");
        }

        var refs = await centreRefs.ExecuteAsync(scope, centre.EpisodeId, ct);
        if (preferredCentreId is { } wanted && refs.FirstOrDefault(c => c.Id == wanted) is not { Stage: not CentreStage.Closed })
        {
            throw DomainException.Invalid("Le centre préféré doit être un centre ouvert de la même crise.", "preferredCentreId");
        }

        var preference = await db.Set<RosterPreference>().Include(p => p.Partners)
            .FirstOrDefaultAsync(p => p.EpisodeId == centre.EpisodeId && p.ProfessionalId == professionalId, ct);
        if (preference is null)
        {
            preference = new RosterPreference { EpisodeId = centre.EpisodeId, ProfessionalId = professionalId, UpdatedBy = actor.Name };
            db.Add(preference);
        }

        preference.PreferredCentreId = preferredCentreId;
        preference.Partners.RemoveAll(p => !partners.Contains(p.PartnerId));
        preference.Partners.AddRange(partners.Where(p => preference.Partners.All(x => x.PartnerId != p))
            .Select(p => new PreferredPartner { EpisodeId = centre.EpisodeId, ProfessionalId = professionalId, PartnerId = p }));
        preference.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        preference.UpdatedBy = actor.Name;
        var centreName = refs.FirstOrDefault(c => c.Id == preferredCentreId)?.Name;
        await audit.RecordAsync(actor, "roster.preferences", $"crisis:{centre.EpisodeId}",
            $"{people[professionalId].Name} : centre préféré {(centreName is null ? "aucun" : $"« {centreName} »")}, "
            + $"binôme(s) {(partners.Count == 0 ? "aucun" : string.Join(", ", partners.Select(p => people[p].Name)))}", ct);
    }
}
