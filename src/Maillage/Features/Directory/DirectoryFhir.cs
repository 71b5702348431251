using System.Globalization;
using System.Text.Json.Nodes;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Directory;

/// <summary>
/// The directory as FHIR R4 resources: Organization (structures), Location (sites), Practitioner,
/// PractitionerRole (memberships), HealthcareService (services). French identifiers follow FR Core and the
/// national directory (Annuaire Santé): IDNST/IDNPS national identifiers, FINESS, SIRET, RPPS. Empty
/// elements are left out; references point to resources of the same export.
/// </summary>
public sealed class DirectoryFhir(MaillageDb db, NameCommunes communeNames)
{
    public static readonly IReadOnlyList<string> ResourceTypes = ["Organization", "Location", "Practitioner", "PractitionerRole", "HealthcareService"];

    private const string IdentifierType = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";
    private const string Idnst = "urn:oid:1.2.250.1.71.4.2.2";
    private const string Idnps = "urn:oid:1.2.250.1.71.4.2.1";
    private const string FinessSystem = "https://finess.esante.gouv.fr";
    private const string RppsSystem = "https://rpps.esante.gouv.fr";
    private const string SireneSystem = "https://sirene.fr";

    // Our own code systems, for what no national terminology covers here.
    public const string StructureKindSystem = "urn:maillage:structure-kind";
    public const string ProfessionSystem = "urn:maillage:profession";
    public const string CapabilitySystem = "urn:maillage:capability";
    public const string CommuneExtension = "urn:maillage:commune-insee";

    /// <summary>The resources of one type (or all types) in the reader's territories.</summary>
    public async Task<IReadOnlyList<JsonObject>> ExecuteAsync(UserScope scope, string? resourceType, int? territoryId = null, CancellationToken ct = default)
    {
        if (resourceType is not null && !ResourceTypes.Contains(resourceType))
        {
            throw DomainException.NotFound($"Type de ressource non pris en charge : {resourceType}.", "resourceType");
        }

        bool Wanted(string type) => resourceType is null || resourceType == type;
        var structures = await ListStructures.Scoped(db.Set<Structure>().AsNoTracking(), scope, territoryId).Where(s => s.ArchivedAtUtc == null).OrderBy(s => s.Id).ToListAsync(ct);
        var structureIds = structures.Select(s => s.Id).ToList();
        var sites = await db.Set<Site>().AsNoTracking().Where(s => structureIds.Contains(s.StructureId) && s.ArchivedAtUtc == null).OrderBy(s => s.Id).ToListAsync(ct);
        var siteIds = sites.Select(s => s.Id).ToList();
        var resources = new List<JsonObject>();
        if (Wanted("Organization"))
        {
            resources.AddRange(structures.Select(Organization));
        }

        if (Wanted("Location"))
        {
            var names = await communeNames.ExecuteAsync(sites.Select(s => s.CommuneCode).ToList(), ct);
            resources.AddRange(sites.Select(s => Location(s, names.GetValueOrDefault(s.CommuneCode, s.CommuneCode))));
        }

        if (Wanted("HealthcareService"))
        {
            var services = await db.Set<CareService>().AsNoTracking().Include(s => s.Exceptions).Where(s => siteIds.Contains(s.SiteId)).OrderBy(s => s.Id).ToListAsync(ct);
            var siteOwner = sites.ToDictionary(s => s.Id, s => s.StructureId);
            resources.AddRange(services.Select(s => HealthcareService(s, siteOwner[s.SiteId])));
        }

        if (Wanted("Practitioner") || Wanted("PractitionerRole"))
        {
            var memberships = await (from m in db.Set<Membership>()
                                     join p in db.Set<Professional>() on m.ProfessionalId equals p.Id
                                     where structureIds.Contains(m.StructureId) && p.ArchivedAtUtc == null
                                     orderby m.Id
                                     select new { m, p }).AsNoTracking().ToListAsync(ct);
            if (Wanted("Practitioner"))
            {
                resources.AddRange(memberships.Select(x => x.p).DistinctBy(p => p.Id).OrderBy(p => p.Id).Select(Practitioner));
            }

            if (Wanted("PractitionerRole"))
            {
                var professionalIds = memberships.Select(x => x.p.Id).Distinct().ToList();
                var practice = (await db.Set<PracticeSite>().AsNoTracking().Where(p => professionalIds.Contains(p.ProfessionalId) && siteIds.Contains(p.SiteId)).ToListAsync(ct))
                    .ToLookup(p => p.ProfessionalId, p => p.SiteId);
                var siteOwner = sites.ToDictionary(s => s.Id, s => s.StructureId);
                resources.AddRange(memberships.Select(x => PractitionerRole(x.m, x.p, practice[x.p.Id].Where(site => siteOwner[site] == x.m.StructureId))));
            }
        }

        return resources;
    }

    /// <summary>The id of a professional's Practitioner resource, the same in every export.</summary>
    public static string PractitionerId(int professionalId) => $"professional-{professionalId}";

    /// <summary>
    /// The Practitioner resources of some professionals, archived ones included (inactive), for other exports
    /// that refer to them (a follow-up episode): same ids and identifiers as the directory export.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> PractitionersAsync(IReadOnlyCollection<int> professionalIds, CancellationToken ct = default)
    {
        var ids = professionalIds.Distinct().ToList();
        var professionals = await db.Set<Professional>().AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id).ToListAsync(ct);
        return professionals.Select(Practitioner).ToList();
    }

    public static JsonObject SearchSet(IReadOnlyList<JsonObject> resources, string baseUrl, DateTime nowUtc) => Bundle("searchset", resources, baseUrl, nowUtc);

    public static JsonObject Collection(IReadOnlyList<JsonObject> resources, string baseUrl, DateTime nowUtc) => Bundle("collection", resources, baseUrl, nowUtc);

    private static JsonObject Bundle(string type, IReadOnlyList<JsonObject> resources, string baseUrl, DateTime nowUtc)
    {
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = type,
            ["timestamp"] = nowUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        if (type == "searchset")
        {
            bundle["total"] = resources.Count;
        }

        if (resources.Count > 0)
        {
            bundle["entry"] = new JsonArray(resources.Select(r =>
            {
                var entry = new JsonObject { ["fullUrl"] = $"{baseUrl.TrimEnd('/')}/{r["resourceType"]}/{r["id"]}", ["resource"] = r };
                if (type == "searchset")
                {
                    entry["search"] = new JsonObject { ["mode"] = "match" };
                }

                return (JsonNode)entry;
            }).ToArray());
        }

        return bundle;
    }

    private static JsonObject Organization(Structure s)
    {
        var identifiers = new JsonArray();
        if (s.Finess is not null)
        {
            identifiers.Add(Identifier("IDNST", Idnst, "1" + s.Finess));
            identifiers.Add(Identifier("FINEG", FinessSystem, s.Finess));
        }
        else if (s.Siret is not null)
        {
            identifiers.Add(Identifier("IDNST", Idnst, "3" + s.Siret));
        }

        if (s.Siret is not null)
        {
            identifiers.Add(Identifier("SIRET", SireneSystem, s.Siret));
        }

        if (s.Siren is not null)
        {
            identifiers.Add(Identifier("SIREN", SireneSystem, s.Siren));
        }

        var resource = Resource("Organization", $"structure-{s.Id}");
        Add(resource, "identifier", identifiers);
        resource["active"] = true;
        resource["type"] = new JsonArray(Concept(StructureKindSystem, StructureKinds.Code(s.Kind), StructureKinds.Label(s.Kind)));
        resource["name"] = s.Name;
        Add(resource, "telecom", Telecom(s.Phone, s.Email, s.Website));
        return resource;
    }

    private static JsonObject Location(Site s, string communeName)
    {
        var resource = Resource("Location", $"site-{s.Id}");
        resource["status"] = "active";
        resource["name"] = s.Name;
        Add(resource, "telecom", Telecom(s.Phone, null, null));
        var address = new JsonObject
        {
            ["extension"] = new JsonArray(new JsonObject { ["url"] = CommuneExtension, ["valueCode"] = s.CommuneCode }),
            ["use"] = "work",
        };
        if (s.Address is not null)
        {
            address["line"] = new JsonArray(s.Address);
        }

        address["city"] = communeName;
        address["country"] = "FR";
        resource["address"] = address;
        if (s.Latitude is { } lat && s.Longitude is { } lon)
        {
            resource["position"] = new JsonObject { ["longitude"] = lon, ["latitude"] = lat };
        }

        resource["managingOrganization"] = Reference("Organization", $"structure-{s.StructureId}");
        return resource;
    }

    private static JsonObject Practitioner(Professional p)
    {
        var resource = Resource("Practitioner", PractitionerId(p.Id));
        if (p.Rpps is not null)
        {
            resource["identifier"] = new JsonArray(Identifier("IDNPS", Idnps, "8" + p.Rpps), Identifier("RPPS", RppsSystem, p.Rpps));
        }

        resource["active"] = p.ArchivedAtUtc is null;
        resource["name"] = new JsonArray(new JsonObject { ["use"] = "official", ["family"] = p.LastName, ["given"] = new JsonArray(p.FirstName) });
        Add(resource, "telecom", Telecom(p.Phone, p.MssanteAddress ?? p.Email, null));
        return resource;
    }

    private static JsonObject PractitionerRole(Membership m, Professional p, IEnumerable<int> siteIds)
    {
        var resource = Resource("PractitionerRole", $"membership-{m.Id}");
        resource["active"] = true;
        resource["practitioner"] = Reference("Practitioner", PractitionerId(p.Id));
        resource["organization"] = Reference("Organization", $"structure-{m.StructureId}");
        resource["code"] = new JsonArray(
            Concept(ProfessionSystem, p.Profession, Professions.Label(p.Profession)),
            Concept("urn:maillage:membership-role", m.Role, MembershipRoles.All.GetValueOrDefault(m.Role, m.Role)));
        Add(resource, "location", new JsonArray(siteIds.Select(id => (JsonNode)Reference("Location", $"site-{id}")).ToArray()));
        Add(resource, "telecom", Telecom(p.Phone, null, null));
        return resource;
    }

    private static JsonObject HealthcareService(CareService s, int structureId)
    {
        var resource = Resource("HealthcareService", $"service-{s.Id}");
        resource["active"] = s.IsActive;
        resource["providedBy"] = Reference("Organization", $"structure-{structureId}");
        resource["location"] = new JsonArray(Reference("Location", $"site-{s.SiteId}"));
        resource["name"] = s.Name;
        Add(resource, "characteristic", new JsonArray(Capabilities.Of(s.Capabilities).Select(c => (JsonNode)Concept(CapabilitySystem, c.Code, c.Label)).ToArray()));
        Add(resource, "availableTime", AvailableTime(OpeningHours.Parse(s.WeeklyHours)));
        Add(resource, "notAvailable", new JsonArray(s.Exceptions.Where(e => e.Hours.Length == 0).OrderBy(e => e.Date).Select(e => (JsonNode)new JsonObject
        {
            ["description"] = e.Reason ?? "Fermeture exceptionnelle",
            ["during"] = new JsonObject
            {
                ["start"] = e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["end"] = e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
        }).ToArray()));
        return resource;
    }

    /// <summary>Weekly hours as FHIR availableTime; a range past midnight becomes two, one on each day.</summary>
    private static JsonArray AvailableTime(OpeningHours hours)
    {
        string[] codes = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        DayOfWeek[] days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
        var result = new JsonArray();
        for (var i = 0; i < 7; i++)
        {
            foreach (var range in hours.On(days[i]))
            {
                if (range.Opens == TimeOnly.MinValue && range.Closes == TimeOnly.MinValue)
                {
                    result.Add(new JsonObject { ["daysOfWeek"] = new JsonArray(codes[i]), ["allDay"] = true });
                }
                else if (range.Overnight)
                {
                    result.Add(Time(codes[i], range.Opens, "23:59:59"));
                    if (range.Closes != TimeOnly.MinValue)
                    {
                        result.Add(Time(codes[(i + 1) % 7], TimeOnly.MinValue, range.Closes.ToString("HH:mm:ss", CultureInfo.InvariantCulture)));
                    }
                }
                else
                {
                    result.Add(Time(codes[i], range.Opens, range.Closes.ToString("HH:mm:ss", CultureInfo.InvariantCulture)));
                }
            }
        }

        return result;

        static JsonObject Time(string day, TimeOnly start, string end) => new()
        {
            ["daysOfWeek"] = new JsonArray(day),
            ["availableStartTime"] = start.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            ["availableEndTime"] = end,
        };
    }

    private static JsonObject Resource(string type, string id) => new() { ["resourceType"] = type, ["id"] = id };

    private static JsonObject Reference(string type, string id) => new() { ["reference"] = $"{type}/{id}" };

    private static JsonObject Identifier(string typeCode, string system, string value) => new()
    {
        ["use"] = "official",
        ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = IdentifierType, ["code"] = typeCode }) },
        ["system"] = system,
        ["value"] = value,
    };

    private static JsonObject Concept(string system, string code, string display) => new()
    {
        ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code, ["display"] = display }),
        ["text"] = display,
    };

    private static JsonArray Telecom(string? phone, string? email, string? url)
    {
        var telecom = new JsonArray();
        if (phone is not null)
        {
            telecom.Add(new JsonObject { ["system"] = "phone", ["value"] = phone, ["use"] = "work" });
        }

        if (email is not null)
        {
            telecom.Add(new JsonObject { ["system"] = "email", ["value"] = email, ["use"] = "work" });
        }

        if (url is not null)
        {
            telecom.Add(new JsonObject { ["system"] = "url", ["value"] = url });
        }

        return telecom;
    }

    /// <summary>FHIR forbids empty arrays: only non-empty ones are added.</summary>
    private static void Add(JsonObject resource, string name, JsonArray values)
    {
        if (values.Count > 0)
        {
            resource[name] = values;
        }
    }
}
