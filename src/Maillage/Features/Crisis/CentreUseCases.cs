using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Crisis;

public sealed record NewCentre(
    string? Name,
    string? CommuneCode,
    string? Address,
    string? Phone,
    int? CarrierStructureId,
    bool SuspectCircuit,
    bool NonSuspectCircuit,
    string? Equipment,
    int CapacityPerHour,
    string? WeeklyHours,
    DateOnly? StartedOn);

public sealed record CentreStep(CentreStage Stage, string Label, DateOnly On, string? Note, string RecordedBy, DateTime RecordedAtUtc);

public sealed record CentreSummary(int Id, string Name, string Commune, CentreStage Stage, string StageLabel, DateOnly Since, int CapacityPerHour);

public sealed record CentreDetails(
    int Id, int EpisodeId, bool EpisodeClosed, int StructureId, string Name, string Address, string? Phone, string? Carrier,
    bool SuspectCircuit, bool NonSuspectCircuit, string? Equipment, int CapacityPerHour, string WeeklyHours,
    CentreStage Stage, IReadOnlyList<CentreStage> NextStages, IReadOnlyList<CentreStep> History, int Version);

/// <summary>
/// Declares a dedicated centre: a "centre dédié" structure, its site and its service in the directory
/// (inactive until the centre opens), and the crisis's record of it at the "project" step.
/// </summary>
public sealed class CreateCentre(
    MaillageDb db, CrisisAccess access, ShowCommune communes, ShowStructure structures,
    SaveStructure saveStructure, SaveSite saveSite, SaveCareService saveService, AuditLog audit, TimeProvider time)
{
    public static readonly string[] CentreCapabilities = ["suspected-infectious", "no-regular-doctor", "separate-circuit"];

    public async Task<int> ExecuteAsync(int episodeId, NewCentre centre, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var episode = await access.EpisodeAsync(episodeId, scope, tracked: false, ct);
        CrisisAccess.EnsureOpen(episode);

        // Everything is checked before the directory is written to, so a refusal leaves nothing behind.
        var name = DirectoryRules.Required(centre.Name, "Le nom du centre", "name", 200);
        try
        {
            await communes.ExecuteAsync(centre.CommuneCode ?? "", ct);
        }
        catch (DomainException e)
        {
            throw DomainException.Invalid(e.Message, "communeCode");
        }

        OpeningHours.Parse(centre.WeeklyHours, "weeklyHours");
        DirectoryRules.Phone(centre.Phone, "phone");
        if (centre.CapacityPerHour is < 1 or > 1000)
        {
            throw DomainException.Invalid("La capacité doit être comprise entre 1 et 1 000 patients par heure.", "capacityPerHour");
        }

        if (!centre.SuspectCircuit && !centre.NonSuspectCircuit)
        {
            throw DomainException.Invalid("Cochez au moins un circuit (patients suspects ou non suspects).", "suspectCircuit");
        }

        if (centre.CarrierStructureId is { } carrier)
        {
            try
            {
                var found = await structures.ExecuteAsync(carrier, new DirectoryReader(scope, false), ct);
                if (found.Structure.TerritoryId != episode.TerritoryId)
                {
                    throw DomainException.NotFound("autre territoire");
                }
            }
            catch (DomainException)
            {
                throw DomainException.Invalid("Le porteur doit être une structure de l'annuaire du territoire.", "carrierStructureId");
            }
        }

        var structureId = await saveStructure.ExecuteAsync(null, new StructureInput(episode.TerritoryId, "centre-dedie", name, null, null, null, centre.Phone, null, null,
            $"Centre dédié de la crise « {episode.Name} ».", IsDemo: episode.IsDemo), null, actor, scope, ct);
        var siteId = await saveSite.ExecuteAsync(null, new SiteInput(structureId, name, centre.Address, centre.CommuneCode, null, null, centre.Phone, null), null, actor, scope, ct);
        var capabilities = centre.SuspectCircuit ? CentreCapabilities : ["no-regular-doctor"];
        await saveService.ExecuteAsync(null, new ServiceInput(siteId, "Consultations du centre dédié", capabilities, centre.WeeklyHours, IsActive: false), null, actor, scope, ct);

        var entity = new DedicatedCentre
        {
            EpisodeId = episodeId,
            StructureId = structureId,
            SiteId = siteId,
            CarrierStructureId = centre.CarrierStructureId,
            SuspectCircuit = centre.SuspectCircuit,
            NonSuspectCircuit = centre.NonSuspectCircuit,
            Equipment = DirectoryRules.Optional(centre.Equipment, "L'équipement", "equipment", 2000),
            CapacityPerHour = centre.CapacityPerHour,
            Stage = CentreStage.Project,
            Version = 1,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        db.Add(new CentreStageChange
        {
            CentreId = entity.Id, Stage = CentreStage.Project, On = centre.StartedOn ?? ListEpisodes.Today(time),
            RecordedAtUtc = time.GetUtcNow().UtcDateTime, RecordedBy = actor.Name, Note = "Centre déclaré",
        });
        await audit.RecordAsync(actor, "crisis.centre", $"crisis:{episodeId}", $"centre « {name} » déclaré (projet)", ct);
        await transaction.CommitAsync(ct);
        return entity.Id;
    }
}

/// <summary>
/// Makes an existing "centre dédié" of the directory a centre of the crisis (a centre opened before the
/// platform was used, or imported), at a given step of its lifecycle, with the dates of the steps it went through.
/// </summary>
public sealed class RegisterExistingCentre(MaillageDb db, CrisisAccess access, ShowStructure structures, SetSiteServicesActive setActive, AuditLog audit, TimeProvider time)
{
    public async Task<int> ExecuteAsync(
        int episodeId, int structureId, int? carrierStructureId, bool suspectCircuit, bool nonSuspectCircuit, string? equipment, int capacityPerHour,
        IReadOnlyList<(CentreStage Stage, DateOnly On)> steps, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var episode = await access.EpisodeAsync(episodeId, scope, tracked: false, ct);
        CrisisAccess.EnsureOpen(episode);
        var structure = await structures.ExecuteAsync(structureId, new DirectoryReader(scope, false), ct);
        if (structure.Structure.Kind != "centre-dedie" || structure.Structure.TerritoryId != episode.TerritoryId || structure.Sites.Count == 0)
        {
            throw DomainException.Invalid("Seul un centre dédié de l'annuaire du territoire, avec un site, peut être rattaché à la crise.", "structureId");
        }

        if (await db.Set<DedicatedCentre>().AnyAsync(c => c.StructureId == structureId, ct))
        {
            throw DomainException.Conflict("Ce centre est déjà rattaché à une crise.", "structureId");
        }

        // The history starts at "project" and follows the lifecycle's rules, step by step.
        var stage = CentreStage.Project;
        var last = steps.Count > 0 && steps[0].Stage == CentreStage.Project ? steps[0].On : throw DomainException.Invalid("L'historique commence à l'étape « projet ».", "steps");
        foreach (var (next, on) in steps.Skip(1))
        {
            CentreLifecycle.CheckMove(stage, next, on, last);
            (stage, last) = (next, on);
        }

        var siteId = structure.Sites[0].Id;
        var centre = new DedicatedCentre
        {
            EpisodeId = episodeId, StructureId = structureId, SiteId = siteId, CarrierStructureId = carrierStructureId,
            SuspectCircuit = suspectCircuit, NonSuspectCircuit = nonSuspectCircuit, Equipment = equipment, CapacityPerHour = capacityPerHour, Stage = stage, Version = 1,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(centre);
        await db.SaveChangesAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        db.AddRange(steps.Select(s => new CentreStageChange { CentreId = centre.Id, Stage = s.Stage, On = s.On, RecordedAtUtc = now, RecordedBy = actor.Name }));
        await audit.RecordAsync(actor, "crisis.centre", $"crisis:{episodeId}", $"centre « {structure.Structure.Name} » rattaché ({CentreLifecycle.Labels[stage]})", ct);
        await setActive.ExecuteAsync(siteId, CentreLifecycle.ReceivesPatients(stage), actor, scope, ct);
        await transaction.CommitAsync(ct);
        return centre.Id;
    }
}

/// <summary>Moves a centre along its lifecycle; opening makes it searchable in the directory, any other step hides it.</summary>
public sealed class MoveCentre(MaillageDb db, CrisisAccess access, SetSiteServicesActive setActive, AuditLog audit, TimeProvider time)
{
    public async Task ExecuteAsync(int centreId, CentreStage stage, DateOnly? on, string? note, int? expectedVersion, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        var centre = await db.Set<DedicatedCentre>().FirstOrDefaultAsync(c => c.Id == centreId, ct)
            ?? throw DomainException.NotFound($"Aucun centre {centreId}.", "centre");
        CrisisAccess.EnsureOpen(await access.EpisodeAsync(centre.EpisodeId, scope, tracked: false, ct));
        if (expectedVersion is { } v && v != centre.Version)
        {
            throw DomainException.Conflict("Le centre a changé d'étape entre-temps : rechargez la page.", "version");
        }

        var date = on ?? throw DomainException.Invalid("Indiquez la date de l'étape.", "on");
        var last = await db.Set<CentreStageChange>().Where(c => c.CentreId == centreId).MaxAsync(c => c.On, ct);
        CentreLifecycle.CheckMove(centre.Stage, stage, date, last);

        var before = centre.Stage;
        centre.Stage = stage;
        centre.Version++;
        db.Add(new CentreStageChange
        {
            CentreId = centreId, Stage = stage, On = date, Note = DirectoryRules.Optional(note, "La note", "note", 500),
            RecordedAtUtc = time.GetUtcNow().UtcDateTime, RecordedBy = actor.Name,
        });
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await audit.RecordAsync(actor, "crisis.centre", $"crisis:{centre.EpisodeId}",
                $"centre n° {centreId} : {CentreLifecycle.Labels[before]} → {CentreLifecycle.Labels[stage]} le {date:dd/MM/yyyy}", ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("Le centre a changé d'étape entre-temps : rechargez la page.", "version");
        }

        await setActive.ExecuteAsync(centre.SiteId, CentreLifecycle.ReceivesPatients(stage), actor, scope, ct);
        await transaction.CommitAsync(ct);
    }
}

public sealed class ListCentres(MaillageDb db, CrisisAccess access, ShowStructure structures)
{
    public async Task<IReadOnlyList<CentreSummary>> ExecuteAsync(int episodeId, UserScope scope, CancellationToken ct = default)
    {
        await access.EpisodeAsync(episodeId, scope, tracked: false, ct);
        var centres = await db.Set<DedicatedCentre>().AsNoTracking().Where(c => c.EpisodeId == episodeId).OrderBy(c => c.Id).ToListAsync(ct);
        var ids = centres.Select(c => c.Id).ToList();
        var since = (await db.Set<CentreStageChange>().AsNoTracking().Where(c => ids.Contains(c.CentreId)).ToListAsync(ct))
            .GroupBy(c => c.CentreId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.RecordedAtUtc).Last().On);
        var result = new List<CentreSummary>();
        foreach (var c in centres)
        {
            var details = await structures.ExecuteAsync(c.StructureId, new DirectoryReader(scope, false), ct);
            var site = details.Sites.FirstOrDefault(s => s.Id == c.SiteId);
            result.Add(new CentreSummary(c.Id, details.Structure.Name, site?.CommuneName ?? "", c.Stage, CentreLifecycle.Labels[c.Stage], since[c.Id], c.CapacityPerHour));
        }

        return result;
    }
}

public sealed class ShowCentre(MaillageDb db, CrisisAccess access, ShowStructure structures)
{
    public async Task<CentreDetails> ExecuteAsync(int centreId, UserScope scope, CancellationToken ct = default)
    {
        var c = await db.Set<DedicatedCentre>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == centreId, ct)
            ?? throw DomainException.NotFound($"Aucun centre {centreId}.", "centre");
        var episode = await access.EpisodeAsync(c.EpisodeId, scope, tracked: false, ct);
        var reader = new DirectoryReader(scope, false);
        var details = await structures.ExecuteAsync(c.StructureId, reader, ct);
        var site = details.Sites.First(s => s.Id == c.SiteId);
        string? carrier = null;
        if (c.CarrierStructureId is { } carrierId)
        {
            carrier = (await structures.ExecuteAsync(carrierId, reader, ct)).Structure.Name;
        }

        var history = (await db.Set<CentreStageChange>().AsNoTracking().Where(h => h.CentreId == centreId).ToListAsync(ct))
            .OrderBy(h => h.RecordedAtUtc)
            .Select(h => new CentreStep(h.Stage, CentreLifecycle.Labels[h.Stage], h.On, h.Note, h.RecordedBy, h.RecordedAtUtc)).ToList();
        return new CentreDetails(
            c.Id, c.EpisodeId, episode.ClosedOn is not null, c.StructureId, details.Structure.Name,
            $"{site.Address}{(site.Address is null ? "" : ", ")}{site.CommuneName}", site.Phone ?? details.Structure.Phone, carrier,
            c.SuspectCircuit, c.NonSuspectCircuit, c.Equipment, c.CapacityPerHour, site.Services.FirstOrDefault()?.WeeklyHours ?? "",
            c.Stage, CentreLifecycle.NextStages(c.Stage), history, c.Version);
    }
}

public sealed record CentreRef(int Id, int EpisodeId, string EpisodeName, bool EpisodeClosed, int TerritoryId, string Name, string Address, CentreStage Stage);

/// <summary>
/// The dedicated centres of the reader's territories with their names and addresses, in one pass: of one
/// crisis, or of every crisis when none is given. Lighter than <see cref="ListCentres"/> for lists and checks.
/// </summary>
public sealed class ListCentreRefs(MaillageDb db, LabelSites sites)
{
    public async Task<IReadOnlyList<CentreRef>> ExecuteAsync(UserScope scope, int? episodeId = null, CancellationToken ct = default)
    {
        var rows = await db.Set<DedicatedCentre>().AsNoTracking()
            .Where(c => episodeId == null || c.EpisodeId == episodeId)
            .Join(db.Set<CrisisEpisode>(), c => c.EpisodeId, e => e.Id, (c, e) => new { Centre = c, e.Name, e.ClosedOn, e.TerritoryId })
            .InScope(scope, x => x.TerritoryId)
            .ToListAsync(ct);
        var labels = await sites.ExecuteAsync(rows.Select(r => r.Centre.SiteId).ToList(), ct);
        return rows.Select(r => new CentreRef(
                r.Centre.Id, r.Centre.EpisodeId, r.Name, r.ClosedOn is not null, r.TerritoryId,
                labels.TryGetValue(r.Centre.SiteId, out var label) ? label.StructureName : "?", label?.Address ?? "", r.Centre.Stage))
            .OrderBy(c => c.Name, StringComparer.CurrentCulture).ToList();
    }
}

/// <summary>A centre with where it is and when it was open: what activity reporting expects a figure for.</summary>
public sealed record CentreCalendar(int Id, int TerritoryId, int SiteId, string Name, string Address, CentreStage Stage, IReadOnlyList<(DateOnly On, CentreStage Stage)> Steps)
{
    /// <summary>Open on a day when the last step dated on or before it is "open".</summary>
    public bool OpenOn(DateOnly day)
    {
        var stage = (CentreStage?)null;
        foreach (var (on, s) in Steps)
        {
            if (on > day)
            {
                break;
            }

            stage = s;
        }

        return stage == CentreStage.Open;
    }
}

/// <summary>The dedicated centres of some territories (all of the scope's when none is given), each with its dated lifecycle.</summary>
public sealed class ListCentreCalendars(MaillageDb db, LabelSites sites)
{
    public async Task<IReadOnlyList<CentreCalendar>> ExecuteAsync(UserScope scope, IReadOnlyCollection<int>? territoryIds = null, CancellationToken ct = default)
    {
        var query = db.Set<DedicatedCentre>().AsNoTracking()
            .Join(db.Set<CrisisEpisode>(), c => c.EpisodeId, e => e.Id, (c, e) => new { c.Id, c.SiteId, c.Stage, e.TerritoryId })
            .InScope(scope, x => x.TerritoryId);
        if (territoryIds is not null)
        {
            var wanted = territoryIds.ToList();
            query = query.Where(x => wanted.Contains(x.TerritoryId));
        }

        var rows = await query.ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var steps = (await db.Set<CentreStageChange>().AsNoTracking().Where(s => ids.Contains(s.CentreId))
                .Select(s => new { s.CentreId, s.On, s.Stage, s.RecordedAtUtc, s.Id }).ToListAsync(ct))
            .GroupBy(s => s.CentreId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(DateOnly, CentreStage)>)g.OrderBy(s => s.On).ThenBy(s => s.RecordedAtUtc).ThenBy(s => s.Id).Select(s => (s.On, s.Stage)).ToList());
        var labels = await sites.ExecuteAsync(rows.Select(r => r.SiteId).ToList(), ct);
        return rows.Select(r => new CentreCalendar(
                r.Id, r.TerritoryId, r.SiteId, labels.TryGetValue(r.SiteId, out var label) ? label.StructureName : "?", label?.Address ?? "", r.Stage,
                steps.GetValueOrDefault(r.Id) ?? []))
            .OrderBy(c => c.Name, StringComparer.Create(French.Culture, true)).ThenBy(c => c.Id).ToList();
    }
}
