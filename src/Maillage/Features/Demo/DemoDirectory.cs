using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Demo;

/// <summary>
/// The demo territory's directory as it stood in April 2020: a CPTS, two MSP, a dedicated Covid centre,
/// a pharmacy, a laboratory, a hospital. Every name, person and identifier is fictional (identifiers are
/// synthetic but well-formed); the communes are real, coordinates are approximate town centres.
/// </summary>
public sealed class DemoDirectory(
    ListStructures listStructures,
    SaveStructure saveStructure,
    SaveSite saveSite,
    SaveCareService saveService,
    ChangeServiceException changeException,
    SaveProfessional saveProfessional,
    ChangeMembership changeMembership)
{
    private static readonly UserScope Everything = UserScope.Everything;
    private static readonly Actor Loader = Actor.CommandLine;
    private int serial;

    public async Task<int> ExecuteAsync(int territoryId, CancellationToken ct = default)
    {
        if (await CountAsync(territoryId, ct) > 0)
        {
            return 0;
        }

        var cpts = await StructureAsync(territoryId, "cpts", "CPTS Cœur d'Hérault (fictive)", "04 67 00 10 00", ct);
        var cptsSite = await SiteAsync(cpts, "Siège de la CPTS", "Adresse fictive, 1 place de la Mairie", "34079", 43.6275, 3.4317, ct);

        var salagou = await StructureAsync(territoryId, "msp", "MSP du Salagou (fictive)", "04 67 00 11 00", ct);
        var salagouSite = await SiteAsync(salagou, "Site principal", "Adresse fictive, 12 avenue du Lac", "34079", 43.6290, 3.4290, ct);
        await ServiceAsync(salagouSite, "Consultations de médecine générale", "lu-ve 08:00-12:00,14:00-19:00; sa 08:00-12:00", ["unscheduled-care", "teleconsultation", "no-regular-doctor"], ct);
        await ServiceAsync(salagouSite, "Circuit Covid (après-midi)", "lu-ve 14:00-18:00", ["suspected-infectious", "separate-circuit", "teleconsultation"], ct);
        await ServiceAsync(salagouSite, "Soins infirmiers à domicile", "lu-di 07:00-20:00", ["home-visits"], ct);

        var lodeve = await StructureAsync(territoryId, "msp", "MSP du Lodévois (fictive)", "04 67 00 12 00", ct);
        var lodeveSite = await SiteAsync(lodeve, "Site de Lodève", "Adresse fictive, 3 rue de la Soulondres", "34142", 43.7315, 3.3194, ct);
        await ServiceAsync(lodeveSite, "Consultations", "lu-ve 08:30-12:30,14:00-19:00", ["unscheduled-care"], ct);

        var centre = await StructureAsync(territoryId, "centre-dedie", "Centre Covid du Cœur d'Hérault (fictif)", "04 67 00 13 00", ct);
        var centreSite = await SiteAsync(centre, "Salle polyvalente", "Adresse fictive, salle polyvalente, chemin du Stade", "34114", 43.6520, 3.5510, ct);
        var covid = await ServiceAsync(centreSite, "Consultations Covid sur rendez-vous de régulation", "lu-sa 08:30-12:30,13:30-18:30",
            ["suspected-infectious", "no-regular-doctor", "separate-circuit", "pcr-sampling", "oxygen"], ct);
        await changeException.ExecuteAsync(covid, new DateOnly(2020, 4, 13), null, true, "Lundi de Pâques", false, Loader, Everything, ct);

        var pharmacy = await StructureAsync(territoryId, "pharmacie", "Pharmacie de la Place (fictive)", "04 67 00 14 00", ct);
        var pharmacySite = await SiteAsync(pharmacy, "Officine", "Adresse fictive, 5 place de la République", "34194", 43.5400, 3.4580, ct);
        await ServiceAsync(pharmacySite, "Dépistage antigénique", "lu-sa 09:00-12:30,14:30-19:30", ["antigen-testing"], ct);

        var lab = await StructureAsync(territoryId, "laboratoire", "Laboratoire de biologie du Clermontais (fictif)", "04 67 00 15 00", ct);
        var labSite = await SiteAsync(lab, "Site de prélèvement", "Adresse fictive, 8 boulevard Gambetta", "34079", 43.6260, 3.4350, ct);
        await ServiceAsync(labSite, "Prélèvements PCR (drive)", "lu-ve 07:30-12:00; sa 08:00-11:00", ["pcr-sampling", "separate-circuit"], ct);

        var hospital = await StructureAsync(territoryId, "hopital", "Centre hospitalier du Cœur d'Hérault (fictif)", "04 67 00 16 00", ct);
        var hospitalSite = await SiteAsync(hospital, "Urgences", "Adresse fictive, route de Lodève", "34079", 43.6350, 3.4200, ct);
        await ServiceAsync(hospitalSite, "Urgences", "24/7", ["suspected-infectious", "oxygen", "unscheduled-care", "separate-circuit"], ct);

        var people = new (string First, string Last, string Profession, int Structure, int Site, bool AcceptsNew, bool AtRisk)[]
        {
            ("Paul", "Généraliste", Professions.GeneralPractitioner, salagou, salagouSite, false, false),
            ("Inès", "Martel", Professions.GeneralPractitioner, salagou, salagouSite, true, false),
            ("Jean", "Rouquette", Professions.GeneralPractitioner, salagou, salagouSite, false, true),
            ("Léa", "Fabre", "infirmier", salagou, salagouSite, false, false),
            ("Marc", "Vidal", "infirmier", salagou, salagouSite, false, false),
            ("Sonia", "Castan", "masseur-kinesitherapeute", salagou, salagouSite, false, false),
            ("Hélène", "Barral", Professions.GeneralPractitioner, lodeve, lodeveSite, true, false),
            ("Karim", "Benali", Professions.GeneralPractitioner, lodeve, lodeveSite, false, false),
            ("Nadia", "Rey", "infirmier", lodeve, lodeveSite, false, true),
            ("Thomas", "Pujol", "pharmacien", pharmacy, pharmacySite, false, false),
            ("Claire", "Servel", "orthophoniste", cpts, cptsSite, false, false),
        };
        foreach (var person in people)
        {
            // Dr Paul Généraliste and the nurse Léa Fabre are also the demo accounts medecin@… and infirmiere@…:
            // the same e-mail makes it their own entry.
            var email = person.Last switch
            {
                "Généraliste" => "medecin@demo.maillage.test",
                "Fabre" => "infirmiere@demo.maillage.test",
                _ => $"{Slug(person.First)}.{Slug(person.Last)}@demo.maillage.test",
            };
            var id = await saveProfessional.ExecuteAsync(null, new ProfessionalInput(
                territoryId, Identifiers.WithLuhnKey($"1000{++serial:000000}"), person.First, person.Last, person.Profession,
                PracticeMode.SelfEmployed,
                $"06 00 00 {serial:00} {serial:00}", email, null,
                person.AcceptsNew, person.AtRisk, IsDemo: true), null, Loader, Everything, ct);
            await changeMembership.ExecuteAsync(person.Structure, id, person.Structure == cpts ? "coordinateur" : "membre", null, [person.Site], Loader, Everything, ct);
            if (person.Structure != cpts)
            {
                var college = person.Structure == pharmacy ? "professionnels" : "equipes";
                await changeMembership.ExecuteAsync(cpts, id, "membre", college, [], Loader, Everything, ct);
            }
        }

        return await CountAsync(territoryId, ct);
    }

    private async Task<int> CountAsync(int territoryId, CancellationToken ct) =>
        (await listStructures.ExecuteAsync(new DirectoryFilter(TerritoryId: territoryId, IncludeArchived: true), Everything, 1, 1, ct)).TotalCount;

    private async Task<int> StructureAsync(int territoryId, string kind, string name, string phone, CancellationToken ct) =>
        await saveStructure.ExecuteAsync(null, new StructureInput(territoryId, kind, name, null, Identifiers.WithLuhnKey(Identifiers.WithLuhnKey($"99900{++serial:000}") + "0001"), null, phone, null, null,
            "Structure fictive de démonstration.", IsDemo: true), null, Loader, Everything, ct);

    private async Task<int> SiteAsync(int structureId, string name, string address, string commune, double lat, double lon, CancellationToken ct) =>
        await saveSite.ExecuteAsync(null, new SiteInput(structureId, name, address, commune, lat, lon, null, "Accès de plain-pied (fictif)."), null, Loader, Everything, ct);

    private async Task<int> ServiceAsync(int siteId, string name, string hours, string[] capabilities, CancellationToken ct) =>
        await saveService.ExecuteAsync(null, new ServiceInput(siteId, name, capabilities, hours, true), null, Loader, Everything, ct);

    private static string Slug(string text) => Infrastructure.TextNormalizer.Fold(text).Replace(' ', '-');
}
