using System.Globalization;
using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Features.Notifications;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.FollowUp;

public sealed record CampaignRequest(int TerritoryId, string? Name, IReadOnlyList<VulnerabilityCriteria>? Criteria, int? NoVisitMonths, int? ReminderDays);

public sealed record OutreachCounts(int Total, int Unassigned, int Pending, int Reached, int NotReached, int NeedsCare, int Moved, int Deceased, int DueAgain)
{
    public int Done => Reached + NeedsCare + Moved + Deceased;
}

public sealed record CampaignRow(int Id, int TerritoryId, string Name, string Criteria, int NoVisitMonths, int ReminderDays, DateTime CreatedAtUtc, string CreatedBy, DateTime? ClosedAtUtc, OutreachCounts Counts);

public sealed record TargetView(
    int Id, int CampaignId, string Name, DateOnly? BirthDate, string? Phone, string Commune, string Reasons, int? AssignedToId, string? AssignedTo,
    OutreachOutcome Outcome, string OutcomeLabel, int Attempts, DateTime? LastAttemptAtUtc, DateTime? CallAgainAtUtc, bool Due, int? EpisodeId, int Version);

public sealed record ProfessionalShare(int ProfessionalId, string Name, int Assigned, int Done, int NotReached);

public sealed record CampaignView(CampaignRow Campaign, IReadOnlyList<ProfessionalShare> Shares, Page<TargetView> Targets);

public sealed record OutreachImportReport(bool DryRun, int Rows, int Added, int NotVulnerable, int AlreadyListed, IReadOnlyList<ImportError> Errors);

public sealed record MyOutreachTarget(string Campaign, TargetView Target);

public static class OutreachOutcomes
{
    public static string Label(OutreachOutcome outcome) => outcome switch
    {
        OutreachOutcome.Pending => "à appeler",
        OutreachOutcome.Reached => "joint·e, va bien",
        OutreachOutcome.NotReached => "pas joint·e",
        OutreachOutcome.NeedsCare => "a besoin de soins",
        OutreachOutcome.Moved => "a déménagé",
        _ => "décédé·e",
    };

    /// <summary>What a call can end with: "pending" is only where a patient starts.</summary>
    public static readonly IReadOnlyList<OutreachOutcome> Recordable =
        [OutreachOutcome.Reached, OutreachOutcome.NotReached, OutreachOutcome.NeedsCare, OutreachOutcome.Moved, OutreachOutcome.Deceased];
}

/// <summary>
/// Outreach campaigns ("aller-vers"): coordinators create them, load the list, share it among the
/// professionals who call; each professional records the calls of the patients given to them. Every read
/// and change of patient data is audited.
/// </summary>
public sealed class Outreach(
    MaillageDb db, ScopeOfUser scopeOfUser, FindOwnEntry ownEntry, LoadProfessionalFacts professionals, NameCommunes communes, FindCommune findCommune,
    LocatePractitioners practitioners, OpenFollowUpEpisode openEpisode, Notify notify, AuditLog audit, TimeProvider time)
{
    public static readonly IReadOnlyList<string> CsvColumns =
        ["nom", "prenom", "date_naissance", "telephone", "commune", "rpps_medecin_traitant", "maladie_chronique", "vit_seul", "precarite", "derniere_visite"];

    private const int MaxRows = 50_000;

    public async Task<int> CreateAsync(CampaignRequest request, ClaimsPrincipal user, CancellationToken ct = default)
    {
        await CoordinatorOfAsync(request.TerritoryId, user, ct);
        var name = DirectoryRules.Required(request.Name, "Le nom de la campagne", "name", 200);
        var known = VulnerabilityCriteria.ChronicDisease | VulnerabilityCriteria.ElderlyLivingAlone | VulnerabilityCriteria.Precarious | VulnerabilityCriteria.NoRecentVisit;
        var criteria = (request.Criteria ?? []).Aggregate(VulnerabilityCriteria.None, (all, one) => all | one);
        if (criteria == VulnerabilityCriteria.None || (criteria & ~known) != 0)
        {
            throw DomainException.Invalid("Choisissez au moins un critère de vulnérabilité.", "criteria");
        }

        var months = request.NoVisitMonths ?? 12;
        if (months is < 1 or > 60)
        {
            throw DomainException.Invalid("« Pas de visite depuis » va de 1 à 60 mois.", "noVisitMonths");
        }

        var reminder = request.ReminderDays ?? 2;
        if (reminder is < 1 or > 30)
        {
            throw DomainException.Invalid("Le rappel des patients non joints se fait après 1 à 30 jours.", "reminderDays");
        }

        var campaign = new OutreachCampaign
        {
            TerritoryId = request.TerritoryId, Name = name, Criteria = criteria, NoVisitMonths = months, ReminderDays = reminder,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime, CreatedBy = Actor.From(user).Name,
        };
        db.Add(campaign);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(Actor.From(user), "followup.outreach.create", $"outreach:{campaign.Id}", $"{name} ({OutreachRules.Label(criteria, months)})", ct);
        return campaign.Id;
    }

    public async Task<IReadOnlyList<CampaignRow>> ListAsync(int territoryId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        await CoordinatorOfAsync(territoryId, user, ct);
        var campaigns = await db.Set<OutreachCampaign>().AsNoTracking().Where(c => c.TerritoryId == territoryId).OrderByDescending(c => c.CreatedAtUtc).ToListAsync(ct);
        var ids = campaigns.Select(c => c.Id).ToList();
        var targets = await db.Set<OutreachTarget>().AsNoTracking().Where(t => ids.Contains(t.CampaignId))
            .Select(t => new { t.CampaignId, t.Outcome, t.AssignedToId, t.CallAgainAtUtc }).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return campaigns.Select(c => Row(c, Count(targets.Where(t => t.CampaignId == c.Id).Select(t => (t.Outcome, t.AssignedToId, t.CallAgainAtUtc)), now))).ToList();
    }

    public async Task<CampaignView> ShowAsync(int campaignId, OutreachOutcome? outcome, int? assignedTo, int page, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var campaign = await CampaignAsync(campaignId, user, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var all = await db.Set<OutreachTarget>().AsNoTracking().Where(t => t.CampaignId == campaignId).ToListAsync(ct);
        var counts = Count(all.Select(t => (t.Outcome, t.AssignedToId, t.CallAgainAtUtc)), now);
        var names = await professionals.ExecuteAsync(all.Where(t => t.AssignedToId != null).Select(t => t.AssignedToId!.Value).ToList(), UserScope.Everything, ct);
        var shares = all.Where(t => t.AssignedToId != null).GroupBy(t => t.AssignedToId!.Value)
            .Select(g => new ProfessionalShare(g.Key, names.TryGetValue(g.Key, out var p) ? p.Name : "?", g.Count(),
                g.Count(t => t.Outcome is not (OutreachOutcome.Pending or OutreachOutcome.NotReached)), g.Count(t => t.Outcome == OutreachOutcome.NotReached)))
            .OrderBy(s => s.Name, StringComparer.Create(French.Culture, true)).ToList();
        var filtered = all.Where(t => (outcome is null || t.Outcome == outcome) && (assignedTo is null || (assignedTo == 0 ? t.AssignedToId == null : t.AssignedToId == assignedTo)))
            .OrderBy(t => t.PatientLastName, StringComparer.Create(French.Culture, true)).ThenBy(t => t.PatientFirstName).ThenBy(t => t.Id).ToList();
        var (number, size) = Paging.Normalize(page, Paging.DefaultPageSize);
        var shown = filtered.Skip((number - 1) * size).Take(size).ToList();
        var views = await ViewsAsync(shown, names, now, ct);
        await audit.RecordAsync(Actor.From(user), "followup.outreach.read", $"outreach:{campaignId}", $"{views.Count} patient(s) affiché(s)", ct);
        return new CampaignView(Row(campaign, counts), shares, new Page<TargetView>(views, number, size, filtered.Count));
    }

    /// <summary>
    /// Loads the campaign's list from CSV: lines that meet none of the campaign's criteria are counted and
    /// left out, a patient already listed (same name and birth date) is not listed twice, lines with errors
    /// are reported. A dry run counts without recording.
    /// </summary>
    public async Task<OutreachImportReport> ImportAsync(int campaignId, string csv, bool dryRun, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var campaign = await CampaignAsync(campaignId, user, ct);
        if (campaign.ClosedAtUtc is not null)
        {
            throw DomainException.Conflict("La campagne est close.", "campaignId");
        }

        var records = Csv.Read(csv).GetEnumerator();
        if (!records.MoveNext())
        {
            throw DomainException.Invalid("Le fichier est vide : la première ligne doit nommer les colonnes.", "file");
        }

        var index = Csv.Columns(records.Current.Fields, CsvColumns, ["nom", "prenom", "commune"]);
        var today = French.Today(time);
        var listed = (await db.Set<OutreachTarget>().AsNoTracking().Where(t => t.CampaignId == campaignId)
                .Select(t => new { t.PatientLastName, t.PatientFirstName, t.PatientBirthDate }).ToListAsync(ct))
            .Select(t => Key(t.PatientLastName, t.PatientFirstName, t.PatientBirthDate)).ToHashSet();
        var lines = new List<(int Line, IReadOnlyList<string> Fields)>();
        while (records.MoveNext())
        {
            lines.Add(lines.Count < MaxRows ? records.Current : throw DomainException.Invalid($"Le fichier dépasse {MaxRows:N0} lignes : découpez-le.", "file"));
        }

        var doctors = await practitioners.ByRppsAsync(campaign.TerritoryId, lines
            .Select(r => index.TryGetValue("rpps_medecin_traitant", out var i) && i < r.Fields.Count ? Identifiers.Clean(r.Fields[i]) : "").Where(r => r.Length > 0).ToList(), ct);
        var communeCache = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<ImportError>();
        var added = new List<OutreachTarget>();
        int rows = 0, notVulnerable = 0, already = 0;
        foreach (var (line, fields) in lines)
        {
            rows++;
            string Cell(string name) => index.TryGetValue(name, out var i) && i < fields.Count ? fields[i].Trim() : "";
            var check = new LineCheck(line, errors);
            T? Check<T>(string field, Func<T?> parse) => check.Value(field, parse);

            var last = Check("nom", () => DirectoryRules.Required(Cell("nom"), "Le nom", "", 100));
            var first = Check("prenom", () => DirectoryRules.Required(Cell("prenom"), "Le prénom", "", 100));
            var born = Check("date_naissance", () => Date(Cell("date_naissance"), today));
            var phone = Check("telephone", () => DirectoryRules.Phone(Cell("telephone"), ""));
            var lastVisit = Check("derniere_visite", () => Date(Cell("derniere_visite"), today));
            var chronic = Check("maladie_chronique", () => YesNo(Cell("maladie_chronique")));
            var alone = Check("vit_seul", () => YesNo(Cell("vit_seul")));
            var precarious = Check("precarite", () => YesNo(Cell("precarite")));
            var rpps = Identifiers.Clean(Cell("rpps_medecin_traitant"));
            int? doctor = null;
            if (rpps.Length > 0)
            {
                doctor = doctors.TryGetValue(rpps, out var d) ? d : Check<int?>("rpps_medecin_traitant", () =>
                    throw DomainException.Invalid($"RPPS {rpps} absent de l'annuaire du territoire : ajoutez le médecin, ou laissez la cellule vide."));
            }

            var communeText = Cell("commune");
            var commune = communeCache.GetValueOrDefault(communeText);
            if (commune is null && check.Clean)
            {
                commune = await CommuneAsync(communeText, line, errors, ct);
                if (commune is not null)
                {
                    communeCache[communeText] = commune;
                }
            }

            if (!check.Clean || commune is null)
            {
                continue;
            }

            var reasons = OutreachRules.Reasons(campaign.Criteria, campaign.NoVisitMonths, new VulnerabilityFacts(chronic, alone, precarious, born, lastVisit), today);
            if (reasons.Count == 0)
            {
                notVulnerable++;
                continue;
            }

            if (!listed.Add(Key(last!, first!, born)))
            {
                already++;
                continue;
            }

            added.Add(new OutreachTarget
            {
                CampaignId = campaignId, PatientLastName = last!, PatientFirstName = first!, PatientBirthDate = born, PatientPhone = phone, PatientCommuneCode = commune,
                RegularDoctorId = doctor, ChronicDisease = chronic, LivesAlone = alone, Precarious = precarious, LastVisit = lastVisit,
                Reasons = string.Join(", ", reasons), Outcome = OutreachOutcome.Pending,
            });
        }

        var report = new OutreachImportReport(dryRun, rows, added.Count, notVulnerable, already, errors);
        if (!dryRun && added.Count > 0)
        {
            db.AddRange(added);
            await audit.RecordAsync(Actor.From(user), "followup.outreach.import", $"outreach:{campaignId}",
                $"{rows} ligne(s) : {added.Count} patient(s) ajouté(s), {notVulnerable} hors critères, {already} déjà listé(s), {errors.Count} erreur(s)", ct);
        }

        return report;
    }

    /// <summary>Shares the patients nobody calls yet among the chosen professionals (see <see cref="OutreachRules.Split"/>).</summary>
    public async Task<IReadOnlyList<ProfessionalShare>> SplitAsync(int campaignId, IReadOnlyList<int>? professionalIds, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var campaign = await CampaignAsync(campaignId, user, ct);
        if (campaign.ClosedAtUtc is not null)
        {
            throw DomainException.Conflict("La campagne est close.", "campaignId");
        }

        var ids = (professionalIds ?? []).Distinct().ToList();
        var people = await practitioners.CommunesAsync(campaign.TerritoryId, ids, ct);
        if (ids.Count == 0 || people.Count != ids.Count)
        {
            throw DomainException.Invalid(ids.Count == 0 ? "Choisissez les professionnels qui appellent." : "Un des professionnels choisis n'est pas dans l'annuaire du territoire.", "professionalIds");
        }

        var targets = await db.Set<OutreachTarget>().Where(t => t.CampaignId == campaignId).ToListAsync(ct);
        var loads = targets.Where(t => t.AssignedToId != null).GroupBy(t => t.AssignedToId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var open = targets.Where(t => t.AssignedToId == null && t.Outcome is OutreachOutcome.Pending or OutreachOutcome.NotReached).ToList();
        var split = OutreachRules.Split(
            open.Select(t => new SplitTarget(t.Id, t.PatientCommuneCode, t.RegularDoctorId)).ToList(),
            people.Select(p => new SplitProfessional(p.Id, p.Name, p.CommuneCodes, loads.GetValueOrDefault(p.Id))).ToList());
        foreach (var target in open)
        {
            target.AssignedToId = split[target.Id];
        }

        var given = split.Values.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (professional, count) in given)
        {
            notify.Queue(professional, $"Campagne « {campaign.Name} » : {count} patient(s) à appeler vous sont confiés.", "/suivi/aller-vers");
        }

        await audit.RecordAsync(Actor.From(user), "followup.outreach.split", $"outreach:{campaignId}", $"{open.Count} patient(s) répartis entre {people.Count} professionnel(s)", ct);
        return people.Select(p => new ProfessionalShare(p.Id, p.Name, given.GetValueOrDefault(p.Id), 0, 0)).ToList();
    }

    public async Task CloseAsync(int campaignId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var campaign = await CampaignAsync(campaignId, user, ct, tracked: true);
        if (campaign.ClosedAtUtc is not null)
        {
            throw DomainException.Conflict("La campagne est déjà close.", "campaignId");
        }

        campaign.ClosedAtUtc = time.GetUtcNow().UtcDateTime;
        await audit.RecordAsync(Actor.From(user), "followup.outreach.close", $"outreach:{campaignId}", campaign.Name, ct);
    }

    /// <summary>The patients given to the reader, those to call again now first; what is settled drops off.</summary>
    public async Task<IReadOnlyList<MyOutreachTarget>> MineAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (await ownEntry.ExecuteAsync(user, ct) is not { } me)
        {
            return [];
        }

        var now = time.GetUtcNow().UtcDateTime;
        var rows = await (from t in db.Set<OutreachTarget>()
                          join c in db.Set<OutreachCampaign>() on t.CampaignId equals c.Id
                          where t.AssignedToId == me && c.ClosedAtUtc == null && (t.Outcome == OutreachOutcome.Pending || t.Outcome == OutreachOutcome.NotReached)
                          select new { t, c.Name }).AsNoTracking().ToListAsync(ct);
        var names = await professionals.ExecuteAsync([me], UserScope.Everything, ct);
        var views = await ViewsAsync(rows.Select(r => r.t).ToList(), names, now, ct);
        var campaignOf = rows.ToDictionary(r => r.t.Id, r => r.Name);
        if (views.Count > 0)
        {
            await audit.RecordAsync(Actor.From(user), "followup.outreach.mine", $"professional:{me}", $"{views.Count} patient(s) à appeler", ct);
        }

        return views.OrderByDescending(v => v.Due).ThenBy(v => v.Outcome == OutreachOutcome.NotReached ? 1 : 0).ThenBy(v => v.CallAgainAtUtc).ThenBy(v => v.Name)
            .Select(v => new MyOutreachTarget(campaignOf[v.Id], v)).ToList();
    }

    /// <summary>
    /// One call's outcome. Not reached: called again after the campaign's delay. Needs care: a follow-up
    /// opens for the patient (handed to the regular doctor, or a volunteer). Only the professional the
    /// patient was given to, or the coordination, records it.
    /// </summary>
    public async Task<int?> RecordCallAsync(int targetId, OutreachOutcome outcome, string? notes, int? version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var target = await db.Set<OutreachTarget>().FirstOrDefaultAsync(t => t.Id == targetId, ct) ?? throw DomainException.NotFound($"Aucun patient {targetId}.", "targetId");
        var campaign = await db.Set<OutreachCampaign>().AsNoTracking().FirstAsync(c => c.Id == target.CampaignId, ct);
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        var me = await ownEntry.ExecuteAsync(user, ct);
        var coordinator = EpisodeAccess.IsCoordinator(user) && scope.Covers(campaign.TerritoryId);
        if (!coordinator && (me is null || target.AssignedToId != me))
        {
            throw DomainException.NotFound($"Aucun patient {targetId}.", "targetId");
        }

        if (campaign.ClosedAtUtc is not null)
        {
            throw DomainException.Conflict("La campagne est close.", "targetId");
        }

        if (!OutreachOutcomes.Recordable.Contains(outcome))
        {
            throw DomainException.Invalid("Indiquez l'issue de l'appel.", "outcome");
        }

        if (target.Outcome is not (OutreachOutcome.Pending or OutreachOutcome.NotReached))
        {
            throw DomainException.Conflict($"Déjà réglé : {OutreachOutcomes.Label(target.Outcome)}.", "targetId");
        }

        if (version is { } v && v != target.Version)
        {
            throw DomainException.Conflict("Quelqu'un vient d'enregistrer un appel pour ce patient : rechargez la page.", "version");
        }

        if (notes?.Length > 1000)
        {
            throw DomainException.Invalid("Les notes font au plus 1 000 caractères.", "notes");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var actor = Actor.From(user);
        if (outcome == OutreachOutcome.NeedsCare)
        {
            // The follow-up opens before the call is marked settled: if it is refused, the patient stays on the list.
            target.EpisodeId = await openEpisode.ExecuteAsync(new EpisodeRequest(campaign.TerritoryId, target.PatientLastName, target.PatientFirstName, target.PatientBirthDate,
                target.PatientPhone, target.PatientCommuneCode, target.RegularDoctorId, EpisodeReason.Outreach,
                $"Campagne « {campaign.Name} » ({target.Reasons}) : {(string.IsNullOrWhiteSpace(notes) ? "a besoin de soins" : notes.Trim())}", now.AddDays(1)), user, ct);
        }

        target.Outcome = outcome;
        target.Attempts++;
        target.LastAttemptAtUtc = now;
        target.CallAgainAtUtc = outcome == OutreachOutcome.NotReached ? now.AddDays(campaign.ReminderDays) : null;
        target.Version++;
        db.Add(new OutreachAttempt { TargetId = targetId, AtUtc = now, Outcome = outcome, Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(), ByProfessionalId = me, By = actor.Name });
        await audit.RecordAsync(actor, "followup.outreach.call", $"outreach:{campaign.Id}",
            $"{target.PatientFirstName} {target.PatientLastName[..1]}. : {OutreachOutcomes.Label(outcome)}", ct);
        return target.EpisodeId;
    }

    /// <summary>The campaign's outcomes as CSV, for the territory's own records.</summary>
    public async Task<byte[]> ExportAsync(int campaignId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        await CampaignAsync(campaignId, user, ct);
        var targets = await db.Set<OutreachTarget>().AsNoTracking().Where(t => t.CampaignId == campaignId).OrderBy(t => t.PatientLastName).ThenBy(t => t.PatientFirstName).ToListAsync(ct);
        var names = await professionals.ExecuteAsync(targets.Where(t => t.AssignedToId != null).Select(t => t.AssignedToId!.Value).ToList(), UserScope.Everything, ct);
        var views = await ViewsAsync(targets, names, time.GetUtcNow().UtcDateTime, ct);
        await audit.RecordAsync(Actor.From(user), "followup.outreach.export", $"outreach:{campaignId}", $"{views.Count} patient(s)", ct);
        return Csv.Write(["nom", "date_naissance", "telephone", "commune", "motifs", "confie_a", "issue", "appels", "dernier_appel", "a_rappeler_le", "suivi"],
            views.Select(v => (IReadOnlyList<string>)[
                v.Name, v.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", v.Phone ?? "", v.Commune, v.Reasons, v.AssignedTo ?? "", v.OutcomeLabel,
                v.Attempts.ToString(CultureInfo.InvariantCulture), v.LastAttemptAtUtc is { } l ? French.DateTime(l) : "", v.CallAgainAtUtc is { } a ? French.DateTime(a) : "",
                v.EpisodeId?.ToString(CultureInfo.InvariantCulture) ?? "",
            ]).ToList());
    }

    private async Task<OutreachCampaign> CampaignAsync(int campaignId, ClaimsPrincipal user, CancellationToken ct, bool tracked = false)
    {
        var query = db.Set<OutreachCampaign>().Where(c => c.Id == campaignId);
        var campaign = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct);
        var scope = await scopeOfUser.ExecuteAsync(user, ct);
        return campaign is not null && EpisodeAccess.IsCoordinator(user) && scope.Covers(campaign.TerritoryId)
            ? campaign
            : throw DomainException.NotFound($"Aucune campagne {campaignId}.", "campaignId");
    }

    private async Task CoordinatorOfAsync(int territoryId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!EpisodeAccess.IsCoordinator(user) || !(await scopeOfUser.ExecuteAsync(user, ct)).Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territoryId");
        }
    }

    private async Task<List<TargetView>> ViewsAsync(IReadOnlyList<OutreachTarget> targets, IReadOnlyDictionary<int, ProfessionalFacts> names, DateTime now, CancellationToken ct)
    {
        var communeNames = await communes.ExecuteAsync(targets.Select(t => t.PatientCommuneCode).ToList(), ct);
        return targets.Select(t => new TargetView(t.Id, t.CampaignId, $"{t.PatientLastName.ToUpperInvariant()} {t.PatientFirstName}", t.PatientBirthDate, t.PatientPhone,
            communeNames.GetValueOrDefault(t.PatientCommuneCode, t.PatientCommuneCode), t.Reasons, t.AssignedToId,
            t.AssignedToId is { } a && names.TryGetValue(a, out var p) ? p.Name : null, t.Outcome, OutreachOutcomes.Label(t.Outcome), t.Attempts, t.LastAttemptAtUtc,
            t.CallAgainAtUtc, t.Outcome == OutreachOutcome.NotReached && t.CallAgainAtUtc <= now, t.EpisodeId, t.Version)).ToList();
    }

    private async Task<string?> CommuneAsync(string text, int line, List<ImportError> errors, CancellationToken ct)
    {
        try
        {
            return (await findCommune.ExecuteAsync(text, ct)).Code;
        }
        catch (DomainException e)
        {
            errors.Add(new ImportError(line, "commune", e.Message));
            return null;
        }
    }

    private static CampaignRow Row(OutreachCampaign c, OutreachCounts counts) =>
        new(c.Id, c.TerritoryId, c.Name, OutreachRules.Label(c.Criteria, c.NoVisitMonths), c.NoVisitMonths, c.ReminderDays, c.CreatedAtUtc, c.CreatedBy, c.ClosedAtUtc, counts);

    private static OutreachCounts Count(IEnumerable<(OutreachOutcome Outcome, int? AssignedToId, DateTime? CallAgainAtUtc)> targets, DateTime now)
    {
        var list = targets.ToList();
        int Of(OutreachOutcome o) => list.Count(t => t.Outcome == o);
        return new OutreachCounts(list.Count, list.Count(t => t.AssignedToId == null && t.Outcome is OutreachOutcome.Pending or OutreachOutcome.NotReached),
            Of(OutreachOutcome.Pending), Of(OutreachOutcome.Reached), Of(OutreachOutcome.NotReached), Of(OutreachOutcome.NeedsCare), Of(OutreachOutcome.Moved),
            Of(OutreachOutcome.Deceased), list.Count(t => t.Outcome == OutreachOutcome.NotReached && t.CallAgainAtUtc <= now));
    }

    private static string Key(string last, string first, DateOnly? born) => $"{TextNormalizer.Fold(last)}|{TextNormalizer.Fold(first)}|{born}";

    private static DateOnly? Date(string text, DateOnly today) =>
        text.Length == 0 ? null
        : DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d > today || d.Year < 1900 ? throw DomainException.Invalid($"« {text} » n'est pas une date plausible.") : d
            : throw DomainException.Invalid($"« {text} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).");

    private static bool YesNo(string text) => TextNormalizer.Fold(text) switch
    {
        "" or "non" or "n" or "0" or "faux" or "false" or "no" => false,
        "oui" or "o" or "1" or "x" or "vrai" or "true" or "yes" => true,
        _ => throw DomainException.Invalid($"« {text} » : écrivez oui ou non."),
    };
}

/// <summary>Reminds each professional, once per due time, of the patients not reached they are to call again.</summary>
public sealed class OutreachReminders(MaillageDb db, Notify notify, TimeProvider time)
{
    public async Task<int> ProcessAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await (from t in db.Set<OutreachTarget>()
                         join c in db.Set<OutreachCampaign>() on t.CampaignId equals c.Id
                         where t.Outcome == OutreachOutcome.NotReached && t.CallAgainAtUtc <= now && t.AssignedToId != null && c.ClosedAtUtc == null
                               && (t.RemindedForUtc == null || t.RemindedForUtc != t.CallAgainAtUtc)
                         select new { Target = t, c.Name }).ToListAsync(ct);
        foreach (var group in due.GroupBy(d => (d.Target.AssignedToId!.Value, d.Name)))
        {
            notify.Queue(group.Key.Item1, $"Campagne « {group.Key.Name} » : {group.Count()} patient(s) non joint(s) à rappeler.", "/suivi/aller-vers");
        }

        foreach (var d in due)
        {
            d.Target.RemindedForUtc = d.Target.CallAgainAtUtc;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A call was recorded meanwhile: the next pass sees the new state.
            return 0;
        }

        return due.Count;
    }
}
