using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Directory;

public sealed record StructureInput(int TerritoryId, string? Kind, string? Name, string? Finess, string? Siret, string? Siren, string? Phone, string? Email, string? Website, string? Notes, bool IsDemo = false);

public sealed record SiteInput(int StructureId, string? Name, string? Address, string? CommuneCode, double? Latitude, double? Longitude, string? Phone, string? Accessibility);

public sealed record ProfessionalInput(
    int TerritoryId,
    string? Rpps,
    string? FirstName,
    string? LastName,
    string? Profession,
    PracticeMode PracticeMode,
    string? Phone,
    string? Email,
    string? MssanteAddress,
    bool AcceptsNewPatients,
    bool AtRisk,
    bool IsDemo = false);

public sealed record ServiceInput(int SiteId, string? Name, IReadOnlyList<string> Capabilities, string? WeeklyHours, bool IsActive);

/// <summary>Creates and edits structures. Structures outside the editor's territories read as not found.</summary>
public sealed class SaveStructure(MaillageDb db, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int? id, StructureInput input, int? expectedVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        if (!scope.Covers(input.TerritoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var kind = StructureKinds.Parse(input.Kind)
            ?? throw DomainException.Invalid($"Type de structure inconnu « {input.Kind} ».", "kind");
        var name = DirectoryRules.Required(input.Name, "Le nom", "name", 200);
        var finess = Identifiers.Clean(input.Finess);
        if (finess.Length > 0 && !Identifiers.IsFiness(finess))
        {
            throw DomainException.Invalid($"« {input.Finess} » n'est pas un numéro FINESS (9 caractères, département en tête).", "finess");
        }

        var siret = Identifiers.Clean(input.Siret);
        if (siret.Length > 0 && !Identifiers.IsSiret(siret))
        {
            throw DomainException.Invalid($"« {input.Siret} » n'est pas un SIRET valide (14 chiffres, clé de contrôle).", "siret");
        }

        var siren = Identifiers.Clean(input.Siren);
        if (siren.Length == 0 && siret.Length == 14)
        {
            siren = siret[..9];
        }

        if (siren.Length > 0 && !Identifiers.IsSiren(siren))
        {
            throw DomainException.Invalid($"« {siren} » n'est pas un SIREN valide (9 chiffres, clé de contrôle).", "siren");
        }

        if (siret.Length > 0 && !siret.StartsWith(siren, StringComparison.Ordinal))
        {
            throw DomainException.Invalid("Le SIRET doit commencer par le SIREN de la structure.", "siret");
        }

        if (finess.Length > 0 && await db.Set<Structure>().AnyAsync(s => s.TerritoryId == input.TerritoryId && s.Finess == finess && s.Id != id && s.ArchivedAtUtc == null, ct))
        {
            throw DomainException.Conflict($"Une structure du territoire a déjà le FINESS {finess}.", "finess");
        }

        var now = time.GetUtcNow().UtcDateTime;
        Structure structure;
        if (id is null)
        {
            structure = new Structure { Name = name, NameKey = "", TerritoryId = input.TerritoryId, CreatedAtUtc = now, Version = 0, IsDemo = input.IsDemo };
            db.Set<Structure>().Add(structure);
        }
        else
        {
            structure = await db.Set<Structure>().FirstOrDefaultAsync(s => s.Id == id, ct) is { } found && scope.Covers(found.TerritoryId)
                ? found
                : throw DomainException.NotFound($"Aucune structure {id}.", "structure");
            if (structure.TerritoryId != input.TerritoryId)
            {
                throw MovedTerritory();
            }
            if (expectedVersion is { } v && v != structure.Version)
            {
                throw DirectoryConflict();
            }
        }

        structure.Kind = kind;
        structure.Name = name;
        structure.NameKey = TextNormalizer.Fold(name);
        structure.TerritoryId = input.TerritoryId;
        structure.Finess = finess.Length > 0 ? finess : null;
        structure.Siret = siret.Length > 0 ? siret : null;
        structure.Siren = siren.Length > 0 ? siren : null;
        structure.Phone = DirectoryRules.Phone(input.Phone, "phone");
        structure.Email = DirectoryRules.Email(input.Email, "email");
        structure.Website = DirectoryRules.Optional(input.Website, "Le site web", "website", 300);
        structure.Notes = DirectoryRules.Optional(input.Notes, "Les notes", "notes", 2000);
        structure.UpdatedAtUtc = now;
        structure.Version++;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(db, ct);
        await audit.RecordAsync(actor, id is null ? "directory.structure-created" : "directory.structure-changed", $"structure:{structure.Id}", structure.Name, ct);
        await transaction.CommitAsync(ct);
        return structure.Id;
    }

    // Members and sites belong to the territory: moving an entry would carry them into another one.
    internal static DomainException MovedTerritory() =>
        DomainException.Invalid("Une fiche ne change pas de territoire : archivez-la et recréez-la dans l'autre territoire.", "territoryId");

    internal static DomainException DirectoryConflict() =>
        DomainException.Conflict("La fiche a été modifiée entre-temps par quelqu'un d'autre : rechargez la page et recommencez.", "version");

    internal static async Task SaveAsync(MaillageDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DirectoryConflict();
        }
    }
}

public sealed class SaveSite(MaillageDb db, ShowCommune communes, AuditLog audit)
{
    public async Task<int> ExecuteAsync(int? id, SiteInput input, int? expectedVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var structure = await db.Set<Structure>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.StructureId, ct);
        if (structure is null || !scope.Covers(structure.TerritoryId))
        {
            throw DomainException.NotFound($"Aucune structure {input.StructureId}.", "structureId");
        }

        var name = DirectoryRules.Required(input.Name, "Le nom du site", "name", 200);
        if (string.IsNullOrWhiteSpace(input.CommuneCode))
        {
            throw DomainException.Invalid("La commune du site est obligatoire (code INSEE).", "communeCode");
        }

        CommuneDetails commune;
        try
        {
            commune = await communes.ExecuteAsync(input.CommuneCode, ct);
        }
        catch (DomainException e)
        {
            throw DomainException.Invalid(e.Message, "communeCode");
        }

        if (input.Latitude is null != input.Longitude is null)
        {
            throw DomainException.Invalid("Indiquez la latitude et la longitude, ou aucune des deux.", input.Latitude is null ? "latitude" : "longitude");
        }

        if (input.Latitude is < -90 or > 90)
        {
            throw DomainException.Invalid("La latitude doit être comprise entre -90 et 90 (WGS84, en degrés décimaux).", "latitude");
        }

        if (input.Longitude is < -180 or > 180)
        {
            throw DomainException.Invalid("La longitude doit être comprise entre -180 et 180 (WGS84, en degrés décimaux).", "longitude");
        }

        Site site;
        if (id is null)
        {
            site = new Site { Name = name, CommuneCode = commune.Code, DepartementCode = commune.Departement.Code, StructureId = structure.Id };
            db.Set<Site>().Add(site);
        }
        else
        {
            site = await db.Set<Site>().FirstOrDefaultAsync(s => s.Id == id && s.StructureId == structure.Id, ct)
                ?? throw DomainException.NotFound($"Aucun site {id}.", "site");
            if (expectedVersion is { } v && v != site.Version)
            {
                throw SaveStructure.DirectoryConflict();
            }
        }

        site.Name = name;
        site.Address = DirectoryRules.Optional(input.Address, "L'adresse", "address", 300);
        site.CommuneCode = commune.Code;
        site.EpciCode = commune.Epci?.Code;
        site.DepartementCode = commune.Departement.Code;
        site.Latitude = input.Latitude;
        site.Longitude = input.Longitude;
        site.Phone = DirectoryRules.Phone(input.Phone, "phone");
        site.Accessibility = DirectoryRules.Optional(input.Accessibility, "L'accessibilité", "accessibility", 1000);
        site.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SaveStructure.SaveAsync(db, ct);
        await audit.RecordAsync(actor, id is null ? "directory.site-created" : "directory.site-changed", $"structure:{structure.Id}", $"site {site.Name} ({commune.Name})", ct);
        await transaction.CommitAsync(ct);
        return site.Id;
    }
}

public sealed class SaveProfessional(MaillageDb db, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(int? id, ProfessionalInput input, int? expectedVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        if (!scope.Covers(input.TerritoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }

        var profession = Professions.Find(input.Profession)
            ?? throw DomainException.Invalid($"Profession inconnue « {input.Profession} ».", "profession");
        var rpps = Identifiers.Clean(input.Rpps);
        if (rpps.Length > 0 && !Identifiers.IsRpps(rpps))
        {
            throw DomainException.Invalid($"« {input.Rpps} » n'est pas un numéro RPPS valide (11 chiffres, clé de contrôle).", "rpps");
        }

        if (rpps.Length > 0 && await db.Set<Professional>().AnyAsync(p => p.TerritoryId == input.TerritoryId && p.Rpps == rpps && p.Id != id, ct))
        {
            throw DomainException.Conflict($"Un professionnel du territoire a déjà le RPPS {rpps}.", "rpps");
        }

        var first = DirectoryRules.Required(input.FirstName, "Le prénom", "firstName", 100);
        var last = DirectoryRules.Required(input.LastName, "Le nom", "lastName", 100);
        var now = time.GetUtcNow().UtcDateTime;
        Professional professional;
        if (id is null)
        {
            professional = new Professional { FirstName = first, LastName = last, NameKey = "", Profession = profession.Code, TerritoryId = input.TerritoryId, CreatedAtUtc = now, IsDemo = input.IsDemo };
            db.Set<Professional>().Add(professional);
        }
        else
        {
            professional = await db.Set<Professional>().FirstOrDefaultAsync(p => p.Id == id, ct) is { } found && scope.Covers(found.TerritoryId)
                ? found
                : throw DomainException.NotFound($"Aucun professionnel {id}.", "professional");
            if (professional.TerritoryId != input.TerritoryId)
            {
                throw SaveStructure.MovedTerritory();
            }
            if (expectedVersion is { } v && v != professional.Version)
            {
                throw SaveStructure.DirectoryConflict();
            }
        }

        professional.Rpps = rpps.Length > 0 ? rpps : null;
        professional.FirstName = first;
        professional.LastName = last;
        professional.NameKey = TextNormalizer.Fold($"{last} {first}");
        professional.Profession = profession.Code;
        professional.PracticeMode = input.PracticeMode;
        professional.Phone = DirectoryRules.Phone(input.Phone, "phone");
        professional.Email = DirectoryRules.Email(input.Email, "email");
        professional.MssanteAddress = DirectoryRules.Email(input.MssanteAddress, "mssanteAddress");
        professional.AcceptsNewPatients = input.AcceptsNewPatients;
        professional.AtRisk = input.AtRisk;
        professional.UpdatedAtUtc = now;
        professional.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SaveStructure.SaveAsync(db, ct);
        await audit.RecordAsync(actor, id is null ? "directory.professional-created" : "directory.professional-changed", $"professional:{professional.Id}", $"{first} {last} ({profession.Label})", ct);
        await transaction.CommitAsync(ct);
        return professional.Id;
    }
}

/// <summary>Adds, changes or removes a professional's membership of a structure, and where they practise.</summary>
public sealed class ChangeMembership(MaillageDb db, AuditLog audit)
{
    public async Task ExecuteAsync(int structureId, int professionalId, string? role, string? college, IReadOnlyList<int>? siteIds, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var structure = await db.Set<Structure>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == structureId, ct);
        var professional = await db.Set<Professional>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == professionalId, ct);
        if (structure is null || professional is null || !scope.Covers(structure.TerritoryId) || !scope.Covers(professional.TerritoryId))
        {
            throw DomainException.NotFound("Structure ou professionnel introuvable.", "professionalId");
        }

        if (structure.TerritoryId != professional.TerritoryId)
        {
            throw DomainException.Invalid("Le professionnel et la structure doivent appartenir au même territoire.", "professionalId");
        }

        var membership = await db.Set<Membership>().FirstOrDefaultAsync(m => m.StructureId == structureId && m.ProfessionalId == professionalId, ct);
        var structureSites = await db.Set<Site>().Where(s => s.StructureId == structureId).Select(s => s.Id).ToListAsync(ct);
        var practice = await db.Set<PracticeSite>().Where(p => p.ProfessionalId == professionalId && structureSites.Contains(p.SiteId)).ToListAsync(ct);
        string details;
        if (role is null)
        {
            if (membership is null)
            {
                throw DomainException.Invalid("Ce professionnel n'est pas membre de la structure.", "professionalId");
            }

            db.Remove(membership);
            db.RemoveRange(practice);
            details = $"{professional.FirstName} {professional.LastName} retiré·e";
        }
        else
        {
            if (!MembershipRoles.All.ContainsKey(role))
            {
                throw DomainException.Invalid($"Rôle inconnu « {role} ».", "role");
            }

            var cleanCollege = string.IsNullOrWhiteSpace(college) ? null : college.Trim();
            if (cleanCollege is not null && !MembershipRoles.Colleges.ContainsKey(cleanCollege))
            {
                throw DomainException.Invalid($"Collège inconnu « {college} ».", "college");
            }

            membership ??= db.Set<Membership>().Add(new Membership { StructureId = structureId, ProfessionalId = professionalId, Role = role }).Entity;
            membership.Role = role;
            membership.College = structure.Kind == StructureKind.Cpts ? cleanCollege : null;
            // An empty selection keeps the sites already recorded (the page's form does not pre-check them).
            if (siteIds is { Count: > 0 })
            {
                var unknown = siteIds.Except(structureSites).ToList();
                if (unknown.Count > 0)
                {
                    throw DomainException.Invalid("Un des sites choisis n'appartient pas à la structure.", "siteIds");
                }

                db.RemoveRange(practice.Where(p => !siteIds.Contains(p.SiteId)));
                db.AddRange(siteIds.Distinct().Where(s => practice.All(p => p.SiteId != s)).Select(s => new PracticeSite { ProfessionalId = professionalId, SiteId = s }));
            }

            details = $"{professional.FirstName} {professional.LastName} : {MembershipRoles.All[role]}";
        }

        await audit.RecordAsync(actor, "directory.membership-changed", $"structure:{structureId}", details, ct);
    }
}

public sealed class SaveCareService(MaillageDb db, AuditLog audit)
{
    public async Task<int> ExecuteAsync(int? id, ServiceInput input, int? expectedVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        if (await SiteOwner.FindAsync(db, input.SiteId, ct) is not { } owner || !scope.Covers(owner.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun site {input.SiteId}.", "siteId");
        }

        var site = await db.Set<Site>().AsNoTracking().FirstAsync(s => s.Id == input.SiteId, ct);

        var name = DirectoryRules.Required(input.Name, "Le nom du service", "name", 200);
        var capabilities = Capabilities.Parse(input.Capabilities, "capabilities");

        var hours = OpeningHours.Parse(input.WeeklyHours, "weeklyHours");
        CareService service;
        if (id is null)
        {
            service = db.Set<CareService>().Add(new CareService { SiteId = site.Id, Name = name, WeeklyHours = "" }).Entity;
        }
        else
        {
            service = await db.Set<CareService>().FirstOrDefaultAsync(s => s.Id == id && s.SiteId == site.Id, ct)
                ?? throw DomainException.NotFound($"Aucun service {id}.", "service");
            if (expectedVersion is { } v && v != service.Version)
            {
                throw SaveStructure.DirectoryConflict();
            }
        }

        service.Name = name;
        service.Capabilities = capabilities;
        service.WeeklyHours = hours.ToString();
        service.IsActive = input.IsActive;
        service.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SaveStructure.SaveAsync(db, ct);
        await audit.RecordAsync(actor, id is null ? "directory.service-created" : "directory.service-changed", $"structure:{site.StructureId}",
            $"{name} à {site.Name} : {service.WeeklyHours}", ct);
        await transaction.CommitAsync(ct);
        return service.Id;
    }
}

/// <summary>Sets or clears a dated exception to a service's hours (closure or other hours).</summary>
public sealed class ChangeServiceException(MaillageDb db, AuditLog audit)
{
    public async Task ExecuteAsync(int serviceId, DateOnly date, string? hours, bool closed, string? reason, bool remove, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var service = await db.Set<CareService>().Include(s => s.Exceptions).FirstOrDefaultAsync(s => s.Id == serviceId, ct);
        var owner = service is null ? null : await SiteOwner.FindAsync(db, service.SiteId, ct);
        if (service is null || owner is null || !scope.Covers(owner.Value.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun service {serviceId}.", "service");
        }

        var existing = service.Exceptions.FirstOrDefault(e => e.Date == date);
        if (remove)
        {
            service.Exceptions.Remove(existing ?? throw DomainException.Invalid("Aucune exception à cette date.", "date"));
        }
        else
        {
            var ranges = closed ? "" : string.Join(",", OpeningHours.ParseRanges(hours ?? "", "hours"));
            existing ??= new ServiceException { Date = date, Hours = ranges };
            if (!service.Exceptions.Contains(existing))
            {
                service.Exceptions.Add(existing);
            }

            existing.Hours = ranges;
            existing.Reason = DirectoryRules.Optional(reason, "Le motif", "reason", 200);
        }

        service.Version++;
        await audit.RecordAsync(actor, "directory.service-exception", $"structure:{owner.Value.StructureId}",
            $"{service.Name} le {date:dd/MM/yyyy} : {(remove ? "exception retirée" : closed ? "fermé" : hours)}", ct);
    }
}

public enum DirectoryEntryKind
{
    Structure,
    Site,
    Professional,
}

/// <summary>Archives or restores a directory entry. Nothing is erased: an archived entry leaves search and lists.</summary>
public sealed class ArchiveEntry(MaillageDb db, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(DirectoryEntryKind kind, int id, bool restore, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        DateTime? stamp = restore ? null : time.GetUtcNow().UtcDateTime;
        string target;
        switch (kind)
        {
            case DirectoryEntryKind.Structure:
                var structure = await db.Set<Structure>().FirstOrDefaultAsync(s => s.Id == id, ct);
                if (structure is null || !scope.Covers(structure.TerritoryId))
                {
                    throw DomainException.NotFound($"Aucune structure {id}.", "id");
                }

                structure.ArchivedAtUtc = stamp;
                structure.Version++;
                target = $"structure:{id}";
                break;
            case DirectoryEntryKind.Site:
                if (await SiteOwner.FindAsync(db, id, ct) is not { } owner || !scope.Covers(owner.TerritoryId))
                {
                    throw DomainException.NotFound($"Aucun site {id}.", "id");
                }

                var site = await db.Set<Site>().FirstAsync(s => s.Id == id, ct);
                site.ArchivedAtUtc = stamp;
                site.Version++;
                target = $"structure:{owner.StructureId}";
                break;
            default:
                var professional = await db.Set<Professional>().FirstOrDefaultAsync(p => p.Id == id, ct);
                if (professional is null || !scope.Covers(professional.TerritoryId))
                {
                    throw DomainException.NotFound($"Aucun professionnel {id}.", "id");
                }

                professional.ArchivedAtUtc = stamp;
                professional.Version++;
                target = $"professional:{id}";
                break;
        }

        await audit.RecordAsync(actor, restore ? "directory.restored" : "directory.archived", target, $"{kind} {id}", ct);
    }
}

public sealed record OwnEntryInput(PracticeMode PracticeMode, string? Phone, string? Email, string? MssanteAddress, bool AcceptsNewPatients);

/// <summary>
/// A professional updates their own entry: contact details, practice mode, new patients. Identity
/// (names, RPPS, profession), territory and the private "at risk" flag stay with the coordinators.
/// </summary>
public sealed class UpdateOwnEntry(MaillageDb db, FindOwnEntry ownEntry, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(System.Security.Claims.ClaimsPrincipal user, int id, OwnEntryInput input, int? expectedVersion, CancellationToken ct = default)
    {
        if (await ownEntry.ExecuteAsync(user, ct) != id)
        {
            throw DomainException.NotFound($"Aucun professionnel {id}.", "professional");
        }

        var professional = await db.Set<Professional>().FirstAsync(p => p.Id == id, ct);
        if (expectedVersion is { } v && v != professional.Version)
        {
            throw SaveStructure.DirectoryConflict();
        }

        professional.PracticeMode = input.PracticeMode;
        professional.Phone = DirectoryRules.Phone(input.Phone, "phone");
        professional.Email = DirectoryRules.Email(input.Email, "email");
        professional.MssanteAddress = DirectoryRules.Email(input.MssanteAddress, "mssanteAddress");
        professional.AcceptsNewPatients = input.AcceptsNewPatients;
        professional.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        professional.Version++;
        try
        {
            await audit.RecordAsync(Actor.From(user), "directory.professional-changed", $"professional:{id}", "fiche mise à jour par l'intéressé·e", ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw SaveStructure.DirectoryConflict();
        }
    }
}

/// <summary>Turns a site's services on or off in the search: how a crisis centre's state shows in the care offer.</summary>
public sealed class SetSiteServicesActive(MaillageDb db, AuditLog audit)
{
    public async Task ExecuteAsync(int siteId, bool active, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        if (await SiteOwner.FindAsync(db, siteId, ct) is not { } owner || !scope.Covers(owner.TerritoryId))
        {
            throw DomainException.NotFound($"Aucun site {siteId}.", "siteId");
        }

        var services = await db.Set<CareService>().Where(s => s.SiteId == siteId && s.IsActive != active).ToListAsync(ct);
        foreach (var service in services)
        {
            service.IsActive = active;
            service.Version++;
        }

        if (services.Count > 0)
        {
            await audit.RecordAsync(actor, "directory.service-changed", $"structure:{owner.StructureId}",
                $"{services.Count} service(s) {(active ? "activé(s)" : "désactivé(s)")} (état du centre)", ct);
        }
    }
}

/// <summary>The structure and territory a site belongs to: what every scope check on a site needs.</summary>
internal static class SiteOwner
{
    public static async Task<(int StructureId, int TerritoryId)?> FindAsync(MaillageDb db, int siteId, CancellationToken ct)
    {
        var owner = await (from site in db.Set<Site>()
                           join structure in db.Set<Structure>() on site.StructureId equals structure.Id
                           where site.Id == siteId
                           select new { structure.Id, structure.TerritoryId }).AsNoTracking().FirstOrDefaultAsync(ct);
        return owner is null ? null : (owner.Id, owner.TerritoryId);
    }
}
