using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Maillage.Features.Directory;

public sealed record ImportError(int Line, string Field, string Message);

/// <summary>The checks of one imported line: every error of the line is collected before the line is kept or left out.</summary>
public sealed class LineCheck(int line, List<ImportError> errors)
{
    private readonly int before = errors.Count;

    public bool Clean => errors.Count == before;

    public void Error(string field, string message) => errors.Add(new ImportError(line, field, message));

    /// <summary>The parsed value, or the default with the rule's message recorded against the field.</summary>
    public T? Value<T>(string field, Func<T?> parse)
    {
        try
        {
            return parse();
        }
        catch (DomainException e)
        {
            Error(field, e.Message);
            return default;
        }
    }
}

public sealed record ImportCounts(int Structures, int Sites, int Services, int Professionals, int Memberships);

public sealed record ImportReport(bool DryRun, int Rows, int Accepted, int Rejected, ImportCounts Created, ImportCounts Updated, IReadOnlyList<ImportError> Errors);

/// <summary>
/// The directory's spreadsheet format: one row per professional at a site (as the national directory
/// extracts are), a row with no professional for a structure or site alone. Export and import share it.
/// </summary>
public static class DirectoryCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "structure_type", "structure_nom", "structure_finess", "structure_siret", "structure_telephone", "structure_email",
        "site_nom", "site_adresse", "site_commune", "site_latitude", "site_longitude", "site_telephone",
        "service_nom", "service_capacites", "service_horaires",
        "rpps", "nom", "prenom", "profession", "mode_exercice", "telephone", "email", "mssante", "accepte_nouveaux_patients", "role", "college",
    ];

    public static string PracticeModeCode(PracticeMode mode) => mode switch
    {
        PracticeMode.SelfEmployed => "liberal",
        PracticeMode.Salaried => "salarie",
        _ => "mixte",
    };
}

/// <summary>
/// Imports the directory from CSV. Every row is checked first; rejected rows are reported (line, field,
/// reason) and skipped, the others are applied. Re-importing is idempotent: structures are found by
/// FINESS, else SIRET, else type and name; professionals by RPPS, else name and profession; sites by
/// commune and name; services by name. Empty cells leave stored values as they are. A dry run does all
/// the work inside a transaction and rolls it back, so its counts are exactly those of a real run.
/// </summary>
public sealed class ImportDirectory(MaillageDb db, LoadCommuneIndex communes, AuditLog audit, TimeProvider time)
{
    private const int MaxRows = 1_000_000;

    public async Task<ImportReport> ExecuteAsync(string csv, int territoryId, bool dryRun, Actor actor, UserScope scope, CancellationToken ct = default)
    {
        if (!scope.Covers(territoryId))
        {
            throw DomainException.NotFound("Territoire inconnu.", "territory");
        }

        var records = Csv.Read(csv).GetEnumerator();
        if (!records.MoveNext())
        {
            throw DomainException.Invalid("Le fichier est vide : la première ligne doit nommer les colonnes.", "file");
        }

        var index = Csv.Columns(records.Current.Fields, DirectoryCsv.Columns, ["structure_type", "structure_nom"]);
        var communeIndex = await communes.ExecuteAsync(ct);
        var rows = new List<ImportRow>();
        var errors = new List<ImportError>();
        var total = 0;
        while (records.MoveNext())
        {
            if (++total > MaxRows)
            {
                throw DomainException.Invalid($"Le fichier dépasse {MaxRows:N0} lignes : découpez-le.", "file");
            }

            var (line, fields) = records.Current;
            var row = ImportRow.Parse(line, name => index.TryGetValue(name, out var i) && i < fields.Count ? fields[i].Trim() : "", communeIndex, errors);
            if (row is not null)
            {
                rows.Add(row);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var applier = new Applier(db, territoryId, time.GetUtcNow().UtcDateTime, communeIndex);
        await applier.LoadAsync(ct);
        var (created, updated) = await applier.ApplyAsync(rows, ct);
        var report = new ImportReport(dryRun, total, rows.Count, total - rows.Count, created, updated, errors);
        if (dryRun)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return report;
        }

        await audit.RecordAsync(actor, "directory.imported", $"territory:{territoryId}",
            $"{total} ligne(s), {rows.Count} acceptée(s) ; créés : {created.Structures} structures, {created.Sites} sites, {created.Professionals} professionnels ; mis à jour : {updated.Structures} structures, {updated.Professionals} professionnels", ct);
        await transaction.CommitAsync(ct);
        return report;
    }

    /// <summary>One checked row. Parsing collects every error of the row; a row with errors is skipped whole.</summary>
    private sealed record ImportRow(
        int Line,
        StructureKind Kind, string StructureName, string? Finess, string? Siret, string? StructurePhone, string? StructureEmail,
        string? SiteName, string? Address, string? Commune, double? Latitude, double? Longitude, string? SitePhone,
        string? ServiceName, Capability? Capabilities, string? Hours,
        string? Rpps, string? LastName, string? FirstName, string? Profession, PracticeMode? Mode, string? Phone, string? Email, string? Mssante,
        bool? AcceptsNewPatients, string Role, string? College)
    {
        public static ImportRow? Parse(int line, Func<string, string> cell, IReadOnlyDictionary<string, CommunePlace> communes, List<ImportError> errors)
        {
            var check = new LineCheck(line, errors);
            T? Check<T>(string field, Func<T?> parse) => check.Value(field, parse);

            string? Optional(string field) => cell(field) is { Length: > 0 } v ? v : null;

            var kind = Check("structure_type", () => StructureKinds.Parse(cell("structure_type")) is { } k ? k
                : throw DomainException.Invalid($"Type de structure inconnu « {cell("structure_type")} »."));
            var name = Check("structure_nom", () => DirectoryRules.Required(cell("structure_nom"), "Le nom de la structure", "", 200));
            var finess = Check("structure_finess", () => Identifiers.Clean(cell("structure_finess")) is { Length: > 0 } f
                ? Identifiers.IsFiness(f) ? f : throw DomainException.Invalid($"« {cell("structure_finess")} » n'est pas un FINESS (9 caractères).")
                : null);
            var siret = Check("structure_siret", () => Identifiers.Clean(cell("structure_siret")) is { Length: > 0 } s
                ? Identifiers.IsSiret(s) ? s : throw DomainException.Invalid($"« {cell("structure_siret")} » n'est pas un SIRET valide (14 chiffres, clé de contrôle).")
                : null);
            var structurePhone = Check("structure_telephone", () => DirectoryRules.Phone(cell("structure_telephone"), ""));
            var structureEmail = Check("structure_email", () => DirectoryRules.Email(cell("structure_email"), ""));

            var commune = Optional("site_commune")?.ToUpperInvariant();
            if (commune is not null && !communes.ContainsKey(commune))
            {
                errors.Add(new ImportError(line, "site_commune", TerritoryRules.CommuneCodePattern().IsMatch(commune)
                    ? $"Aucune commune de code INSEE {commune} (un code postal n'est pas un code commune)."
                    : $"« {commune} » n'est pas un code commune INSEE (un code postal n'est pas un code commune)."));
            }

            var siteName = Optional("site_nom");
            if ((siteName is not null || Optional("site_adresse") is not null) && commune is null)
            {
                errors.Add(new ImportError(line, "site_commune", "Un site a besoin de sa commune (code INSEE)."));
            }

            var latitude = Check("site_latitude", () => Decimal(cell("site_latitude"), -90, 90, "latitude"));
            var longitude = Check("site_longitude", () => Decimal(cell("site_longitude"), -180, 180, "longitude"));
            if (latitude is null != longitude is null)
            {
                errors.Add(new ImportError(line, latitude is null ? "site_latitude" : "site_longitude", "Indiquez la latitude et la longitude, ou aucune des deux."));
            }

            var sitePhone = Check("site_telephone", () => DirectoryRules.Phone(cell("site_telephone"), ""));
            var serviceName = Optional("service_nom");
            if (serviceName is not null && commune is null)
            {
                errors.Add(new ImportError(line, "service_nom", "Un service se rattache à un site : indiquez la commune du site."));
            }

            var capabilities = Check("service_capacites", () => ParseCapabilities(Optional("service_capacites")));
            var hours = Check("service_horaires", () => Optional("service_horaires") is { } h ? OpeningHours.Parse(h).ToString() : null);

            var professionalCells = new[] { "rpps", "nom", "prenom", "profession" }.Any(f => Optional(f) is not null);
            string? rpps = null, last = null, first = null, profession = null;
            PracticeMode? mode = null;
            if (professionalCells)
            {
                rpps = Check("rpps", () => Identifiers.Clean(cell("rpps")) is { Length: > 0 } r
                    ? Identifiers.IsRpps(r) ? r : throw DomainException.Invalid($"« {cell("rpps")} » n'est pas un RPPS valide (11 chiffres, clé de contrôle).")
                    : null);
                last = Check("nom", () => DirectoryRules.Required(cell("nom"), "Le nom du professionnel", "", 100));
                first = Check("prenom", () => DirectoryRules.Required(cell("prenom"), "Le prénom du professionnel", "", 100));
                profession = Check("profession", () => Professions.Find(cell("profession"))?.Code
                    ?? throw DomainException.Invalid($"Profession inconnue « {cell("profession")} »."));
                mode = Check("mode_exercice", () => TextNormalizer.Fold(cell("mode_exercice")) switch
                {
                    "" => (PracticeMode?)null,
                    "liberal" => PracticeMode.SelfEmployed,
                    "salarie" => PracticeMode.Salaried,
                    "mixte" => PracticeMode.Mixed,
                    _ => throw DomainException.Invalid($"Mode d'exercice inconnu « {cell("mode_exercice")} » (libéral, salarié, mixte)."),
                });
            }

            var phone = Check("telephone", () => DirectoryRules.Phone(cell("telephone"), ""));
            var email = Check("email", () => DirectoryRules.Email(cell("email"), ""));
            var mssante = Check("mssante", () => DirectoryRules.Email(cell("mssante"), ""));
            var accepts = Check("accepte_nouveaux_patients", () => TextNormalizer.Fold(cell("accepte_nouveaux_patients")) switch
            {
                "" => (bool?)null,
                "oui" or "o" or "1" or "true" => true,
                "non" or "n" or "0" or "false" => false,
                _ => throw DomainException.Invalid($"« {cell("accepte_nouveaux_patients")} » : répondez oui ou non."),
            });
            var role = Optional("role") ?? "membre";
            if (!MembershipRoles.All.ContainsKey(role))
            {
                errors.Add(new ImportError(line, "role", $"Rôle inconnu « {role} » ({string.Join(", ", MembershipRoles.All.Keys)})."));
            }

            var college = Optional("college");
            if (college is not null && !MembershipRoles.Colleges.ContainsKey(college))
            {
                errors.Add(new ImportError(line, "college", $"Collège inconnu « {college} » ({string.Join(", ", MembershipRoles.Colleges.Keys)})."));
            }

            if (!check.Clean)
            {
                return null;
            }

            return new ImportRow(line, kind, name!, finess, siret, structurePhone, structureEmail,
                siteName ?? (commune is null ? null : "Site principal"), Optional("site_adresse"), commune, latitude, longitude, sitePhone,
                serviceName, capabilities, hours,
                rpps, last, first, profession, mode, phone, email, mssante, accepts, role, college);
        }

        private static Capability? ParseCapabilities(string? text) =>
            text is null ? null : Maillage.Features.Directory.Capabilities.Parse(text.Split([',', ' ', '|'], StringSplitOptions.RemoveEmptyEntries), "");

        private static double? Decimal(string text, double min, double max, string label)
        {
            if (text.Length == 0)
            {
                return null;
            }

            return double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw DomainException.Invalid($"« {text} » n'est pas une {label} valide (degrés décimaux WGS84, entre {min} et {max}).");
        }
    }

    /// <summary>Applies checked rows against what the territory already holds, phase by phase so that new ids exist.</summary>
    private sealed class Applier(MaillageDb db, int territoryId, DateTime now, IReadOnlyDictionary<string, CommunePlace> communes)
    {
        private const int Batch = 5000;
        private readonly Dictionary<string, Structure> structuresByKey = [];
        private readonly Dictionary<(int, string, string), Site> sites = [];
        private readonly Dictionary<(int, string), CareService> services = [];
        private readonly Dictionary<string, Professional> professionalsByKey = [];
        private readonly Dictionary<(int, int), Membership> memberships = [];
        private readonly HashSet<(int, int)> practice = [];
        private readonly HashSet<object> created = new(ReferenceEqualityComparer.Instance);
        private readonly List<Professional> newProfessionals = [];
        private readonly List<Membership> newMemberships = [];
        private readonly List<(int ProfessionalId, int SiteId)> newPracticeSites = [];
        private readonly HashSet<object> updated = new(ReferenceEqualityComparer.Instance);

        public async Task LoadAsync(CancellationToken ct)
        {
            foreach (var s in await db.Set<Structure>().Where(s => s.TerritoryId == territoryId && s.ArchivedAtUtc == null).ToListAsync(ct))
            {
                foreach (var key in StructureKeys(s.Finess, s.Siret, s.Kind, s.NameKey))
                {
                    structuresByKey.TryAdd(key, s);
                }
            }

            var structureIds = structuresByKey.Values.Select(s => s.Id).Distinct().ToList();
            foreach (var site in await db.Set<Site>().Where(x => structureIds.Contains(x.StructureId) && x.ArchivedAtUtc == null).ToListAsync(ct))
            {
                sites.TryAdd((site.StructureId, site.CommuneCode, TextNormalizer.Fold(site.Name)), site);
            }

            var siteIds = sites.Values.Select(s => s.Id).ToList();
            foreach (var service in await db.Set<CareService>().Where(x => siteIds.Contains(x.SiteId)).ToListAsync(ct))
            {
                services.TryAdd((service.SiteId, TextNormalizer.Fold(service.Name)), service);
            }

            // Archived professionals are matched too (their RPPS is unique in the territory); a row restores them.
            foreach (var p in await db.Set<Professional>().Where(p => p.TerritoryId == territoryId).OrderBy(p => p.ArchivedAtUtc != null).ToListAsync(ct))
            {
                foreach (var key in ProfessionalKeys(p.Rpps, p.NameKey, p.Profession))
                {
                    professionalsByKey.TryAdd(key, p);
                }
            }

            foreach (var m in await db.Set<Membership>().Where(m => structureIds.Contains(m.StructureId)).ToListAsync(ct))
            {
                memberships[(m.StructureId, m.ProfessionalId)] = m;
            }

            foreach (var ps in await db.Set<PracticeSite>().Where(p => siteIds.Contains(p.SiteId)).ToListAsync(ct))
            {
                practice.Add((ps.ProfessionalId, ps.SiteId));
            }
        }

        public async Task<(ImportCounts Created, ImportCounts Updated)> ApplyAsync(IReadOnlyList<ImportRow> rows, CancellationToken ct)
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var rowStructures = new Structure[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                rowStructures[i] = UpsertStructure(rows[i]);
            }

            await SaveAsync(ct);
            var rowSites = new Site?[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                rowSites[i] = rows[i].Commune is null ? null : UpsertSite(rows[i], rowStructures[i]);
            }

            await SaveAsync(ct);
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].ServiceName is not null && rowSites[i] is { } site)
                {
                    UpsertService(rows[i], site);
                }
            }

            await SaveAsync(ct);
            var rowProfessionals = new Professional?[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                rowProfessionals[i] = rows[i].LastName is null ? null : UpsertProfessional(rows[i]);
                if ((i + 1) % Batch == 0)
                {
                    await SaveAsync(ct);
                }
            }

            await SaveAsync(ct);
            await BulkInsertProfessionalsAsync(ct);
            for (var i = 0; i < rows.Count; i++)
            {
                if (rowProfessionals[i] is { } professional)
                {
                    UpsertMembership(rows[i], rowStructures[i], professional, rowSites[i]);
                }

                if ((i + 1) % Batch == 0)
                {
                    await SaveAsync(ct);
                }
            }

            await SaveAsync(ct);
            await BulkInsertLinksAsync(ct);
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            return (Count(created), Count(updated));
        }

        // The bulk of a national import is professionals and their links: hundreds of thousands of rows
        // that EF would insert one tracked entity at a time. A prepared statement per table does it several
        // times faster; the import tests on both providers run through this path.
        private async Task BulkInsertProfessionalsAsync(CancellationToken ct)
        {
            await BulkInsertAsync(
                "Professionals",
                ["TerritoryId", "Rpps", "FirstName", "LastName", "NameKey", "Profession", "PracticeMode", "Phone", "Email", "MssanteAddress",
                 "AcceptsNewPatients", "AtRisk", "IsDemo", "CreatedAtUtc", "UpdatedAtUtc", "ArchivedAtUtc", "Version"],
                newProfessionals,
                p => [p.TerritoryId, p.Rpps, p.FirstName, p.LastName, p.NameKey, p.Profession, (int)p.PracticeMode, p.Phone, p.Email, p.MssanteAddress,
                      p.AcceptsNewPatients, p.AtRisk, p.IsDemo, p.CreatedAtUtc, p.UpdatedAtUtc, p.ArchivedAtUtc, p.Version],
                (p, id) => p.Id = id,
                ct);
            newProfessionals.Clear();
        }

        private async Task BulkInsertLinksAsync(CancellationToken ct)
        {
            await BulkInsertAsync("Memberships", ["ProfessionalId", "StructureId", "Role", "College"], newMemberships,
                m => [m.ProfessionalId, m.StructureId, m.Role, m.College], (m, id) => m.Id = id, ct);
            await BulkInsertAsync("PracticeSites", ["ProfessionalId", "SiteId"], newPracticeSites,
                p => [p.ProfessionalId, p.SiteId], null, ct);
            newMemberships.Clear();
            newPracticeSites.Clear();
        }

        private async Task BulkInsertAsync<T>(string table, string[] columns, IReadOnlyList<T> items, Func<T, object?[]> values, Action<T, int>? setId, CancellationToken ct)
        {
            if (items.Count == 0)
            {
                return;
            }

            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})"
                + (setId is null ? "" : " RETURNING \"Id\"");
            var parameters = columns.Select((_, i) =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                command.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            foreach (var item in items)
            {
                var row = values(item);
                for (var i = 0; i < row.Length; i++)
                {
                    parameters[i].Value = row[i] ?? DBNull.Value;
                }

                if (setId is null)
                {
                    await command.ExecuteNonQueryAsync(ct);
                }
                else
                {
                    setId(item, Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture));
                }
            }
        }

        private static ImportCounts Count(HashSet<object> set) => new(
            set.OfType<Structure>().Count(), set.OfType<Site>().Count(), set.OfType<CareService>().Count(), set.OfType<Professional>().Count(), set.OfType<Membership>().Count());

        // Changes are marked explicitly (Add, Touch), so nothing needs change detection; and the tracker is
        // emptied after each batch, since saving costs time in proportion to what it tracks. Entities keep
        // their ids and are re-attached by Touch when a later row changes them.
        private async Task SaveAsync(CancellationToken ct)
        {
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        private void Touch<T>(T entity, bool changed)
            where T : class
        {
            if (!changed || created.Contains(entity))
            {
                return;
            }

            var firstChange = updated.Add(entity);
            var entry = db.Entry(entity);
            var version = entry.Metadata.FindProperty("Version") is null ? null : entry.Property("Version");
            var stored = (int?)version?.CurrentValue;

            // Attaching as modified takes current values as original ones: right for an entity re-attached
            // after the tracker was cleared, as long as its version is bumped here, once per import.
            entry.State = EntityState.Modified;
            if (firstChange && version is not null)
            {
                version.OriginalValue = stored;
                version.CurrentValue = stored + 1;
                if (entry.Metadata.FindProperty("UpdatedAtUtc") is not null)
                {
                    entry.Property("UpdatedAtUtc").CurrentValue = now;
                }
            }
        }

        private static IEnumerable<string> StructureKeys(string? finess, string? siret, StructureKind kind, string nameKey)
        {
            if (finess is not null)
            {
                yield return "finess:" + finess;
            }

            if (siret is not null)
            {
                yield return "siret:" + siret;
            }

            yield return $"name:{kind}:{nameKey}";
        }

        private static IEnumerable<string> ProfessionalKeys(string? rpps, string nameKey, string profession)
        {
            if (rpps is not null)
            {
                yield return "rpps:" + rpps;
            }

            yield return $"name:{profession}:{nameKey}";
        }

        private Structure UpsertStructure(ImportRow row)
        {
            var nameKey = TextNormalizer.Fold(row.StructureName);
            var keys = StructureKeys(row.Finess, row.Siret, row.Kind, nameKey).ToList();
            var structure = keys.Select(k => structuresByKey.GetValueOrDefault(k)).FirstOrDefault(s => s is not null);
            if (structure is null)
            {
                structure = new Structure
                {
                    TerritoryId = territoryId, Kind = row.Kind, Name = row.StructureName, NameKey = nameKey, Finess = row.Finess, Siret = row.Siret,
                    Siren = row.Siret?[..9], Phone = row.StructurePhone, Email = row.StructureEmail, CreatedAtUtc = now, UpdatedAtUtc = now, Version = 1,
                };
                db.Set<Structure>().Add(structure);
                created.Add(structure);
            }
            else
            {
                var changed = false;
                Set(structure.Kind, row.Kind, v => structure.Kind = v, ref changed);
                Set(structure.Name, row.StructureName, v => { structure.Name = v; structure.NameKey = nameKey; }, ref changed);
                SetIfGiven(structure.Finess, row.Finess, v => structure.Finess = v, ref changed);
                SetIfGiven(structure.Siret, row.Siret, v => { structure.Siret = v; structure.Siren = v[..9]; }, ref changed);
                SetIfGiven(structure.Phone, row.StructurePhone, v => structure.Phone = v, ref changed);
                SetIfGiven(structure.Email, row.StructureEmail, v => structure.Email = v, ref changed);
                Touch(structure, changed);
            }

            foreach (var key in keys)
            {
                structuresByKey.TryAdd(key, structure);
            }

            return structure;
        }

        private Site UpsertSite(ImportRow row, Structure structure)
        {
            var key = (structure.Id, row.Commune!, TextNormalizer.Fold(row.SiteName!));
            var place = communes[row.Commune!];
            if (!sites.TryGetValue(key, out var site))
            {
                site = new Site
                {
                    StructureId = structure.Id, Name = row.SiteName!, Address = row.Address, CommuneCode = place.Code, EpciCode = place.EpciCode,
                    DepartementCode = place.DepartementCode, Latitude = row.Latitude, Longitude = row.Longitude, Phone = row.SitePhone, Version = 1,
                };
                db.Set<Site>().Add(site);
                created.Add(site);
                sites[key] = site;
                return site;
            }

            var changed = false;
            SetIfGiven(site.Address, row.Address, v => site.Address = v, ref changed);
            SetIfGiven(site.Phone, row.SitePhone, v => site.Phone = v, ref changed);
            if (row.Latitude is { } lat && row.Longitude is { } lon && (site.Latitude != lat || site.Longitude != lon))
            {
                (site.Latitude, site.Longitude, changed) = (lat, lon, true);
            }

            Touch(site, changed);
            return site;
        }

        private void UpsertService(ImportRow row, Site site)
        {
            var key = (site.Id, TextNormalizer.Fold(row.ServiceName!));
            if (!services.TryGetValue(key, out var service))
            {
                service = new CareService { SiteId = site.Id, Name = row.ServiceName!, Capabilities = row.Capabilities ?? Capability.None, WeeklyHours = row.Hours ?? "", Version = 1 };
                db.Set<CareService>().Add(service);
                created.Add(service);
                services[key] = service;
                return;
            }

            var changed = false;
            if (row.Capabilities is { } caps && caps != service.Capabilities)
            {
                (service.Capabilities, changed) = (caps, true);
            }

            SetIfGiven(service.WeeklyHours, row.Hours, v => service.WeeklyHours = v, ref changed);
            Touch(service, changed);
        }

        private Professional UpsertProfessional(ImportRow row)
        {
            var nameKey = TextNormalizer.Fold($"{row.LastName} {row.FirstName}");
            var keys = ProfessionalKeys(row.Rpps, nameKey, row.Profession!).ToList();
            var professional = keys.Select(k => professionalsByKey.GetValueOrDefault(k)).FirstOrDefault(p => p is not null);
            if (professional is null)
            {
                professional = new Professional
                {
                    TerritoryId = territoryId, Rpps = row.Rpps, LastName = row.LastName!, FirstName = row.FirstName!, NameKey = nameKey, Profession = row.Profession!,
                    PracticeMode = row.Mode ?? PracticeMode.SelfEmployed, Phone = row.Phone, Email = row.Email, MssanteAddress = row.Mssante,
                    AcceptsNewPatients = row.AcceptsNewPatients ?? false, CreatedAtUtc = now, UpdatedAtUtc = now, Version = 1,
                };
                newProfessionals.Add(professional);
                created.Add(professional);
            }
            else
            {
                var changed = false;
                if (professional.ArchivedAtUtc is not null)
                {
                    (professional.ArchivedAtUtc, changed) = (null, true);
                }

                SetIfGiven(professional.Rpps, row.Rpps, v => professional.Rpps = v, ref changed);
                Set(professional.LastName, row.LastName!, v => professional.LastName = v, ref changed);
                Set(professional.FirstName, row.FirstName!, v => professional.FirstName = v, ref changed);
                professional.NameKey = nameKey;
                Set(professional.Profession, row.Profession!, v => professional.Profession = v, ref changed);
                if (row.Mode is { } mode && mode != professional.PracticeMode)
                {
                    (professional.PracticeMode, changed) = (mode, true);
                }

                SetIfGiven(professional.Phone, row.Phone, v => professional.Phone = v, ref changed);
                SetIfGiven(professional.Email, row.Email, v => professional.Email = v, ref changed);
                SetIfGiven(professional.MssanteAddress, row.Mssante, v => professional.MssanteAddress = v, ref changed);
                if (row.AcceptsNewPatients is { } accepts && accepts != professional.AcceptsNewPatients)
                {
                    (professional.AcceptsNewPatients, changed) = (accepts, true);
                }

                Touch(professional, changed);
            }

            foreach (var key in keys)
            {
                professionalsByKey.TryAdd(key, professional);
            }

            return professional;
        }

        private void UpsertMembership(ImportRow row, Structure structure, Professional professional, Site? site)
        {
            var college = structure.Kind == StructureKind.Cpts ? row.College : null;
            if (!memberships.TryGetValue((structure.Id, professional.Id), out var membership))
            {
                membership = new Membership { StructureId = structure.Id, ProfessionalId = professional.Id, Role = row.Role, College = college };
                newMemberships.Add(membership);
                created.Add(membership);
                memberships[(structure.Id, professional.Id)] = membership;
            }
            else if (!created.Contains(membership) && (membership.Role != row.Role || (college is not null && membership.College != college)))
            {
                membership.Role = row.Role;
                membership.College = college ?? membership.College;
                Touch(membership, true);
            }

            if (site is not null && practice.Add((professional.Id, site.Id)))
            {
                newPracticeSites.Add((professional.Id, site.Id));
            }
        }

        private static void Set<T>(T current, T value, Action<T> assign, ref bool changed)
        {
            if (!EqualityComparer<T>.Default.Equals(current, value))
            {
                assign(value);
                changed = true;
            }
        }

        private static void SetIfGiven(string? current, string? value, Action<string> assign, ref bool changed)
        {
            if (value is not null && value != current)
            {
                assign(value);
                changed = true;
            }
        }
    }
}
