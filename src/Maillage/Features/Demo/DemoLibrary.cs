using Maillage.Features.Accounts;
using Maillage.Features.Bulletins.Library;

namespace Maillage.Features.Demo;

/// <summary>
/// A few library documents of the demo territory, all fictional: a home-care protocol revised once, a
/// liaison form whose first model expired and was replaced, a guideline for nurses. Accents are in the
/// text on purpose, so that searching "prise en charge a domicile" shows that they do not matter.
/// </summary>
public sealed class DemoLibrary(SearchLibrary search, CreateDocument create, AddVersion add, SupersedeDocument supersede)
{
    private static readonly Actor Loader = Actor.CommandLine;
    private static readonly UserScope Everything = UserScope.Everything;

    public async Task ExecuteAsync(int territoryId, CancellationToken ct = default)
    {
        var existing = await search.ExecuteAsync(new LibraryQuery(TerritoryId: territoryId, IncludeArchived: true, IncludeExpired: true, IncludeSuperseded: true), Everything, 1, 200, ct);
        if (existing.Items.Any(d => d.CrisisEpisodeId is null))
        {
            return;
        }

        const string homeCareV1 = """
            ## Objet
            Organiser la **prise en charge à domicile** des patients Covid-19 sans signe de gravité (exemple fictif).

            ## Déroulé
            1. Le médecin traitant pose le diagnostic et remet la fiche de conseils.
            2. L'infirmière passe à domicile à J2, J4 et J7.
            3. Le patient appelle le 15 en cas d'essoufflement.
            """;
        var homeCare = await create.ExecuteAsync(new NewDocument(territoryId, DocumentKind.Protocol, "Prise en charge à domicile des patients Covid-19 (exemple fictif)",
            homeCareV1, ["Covid-19", "Domicile"], ["medecin-generaliste", "infirmier"], new DateOnly(2020, 3, 20), null), Loader, Everything, ct);
        await add.ExecuteAsync(homeCare, new NewVersion(1, null, homeCareV1.Replace(
            "2. L'infirmière passe à domicile à J2, J4 et J7.",
            "2. L'infirmière passe à domicile chaque jour de J2 à J10 et mesure la saturation.\n4. En dessous de 95 % de saturation, avis médical le jour même.", StringComparison.Ordinal),
            new DateOnly(2020, 4, 10), null, "Surveillance quotidienne et seuil de saturation (réunion du 30/03, fictive)"), Loader, Everything, ct);

        var oldForm = await create.ExecuteAsync(new NewDocument(territoryId, DocumentKind.Form, "Fiche de liaison ville–hôpital, modèle de mars (exemple fictif)",
            "| Rubrique | À remplir |\n|---|---|\n| Patient | nom, prénom, date de naissance |\n| Motif d'adressage | |\n| Traitements en cours | |\n| Médecin traitant | téléphone |",
            ["Liaison hôpital"], [], new DateOnly(2020, 3, 16), new DateOnly(2020, 6, 30)), Loader, Everything, ct);
        var newForm = await create.ExecuteAsync(new NewDocument(territoryId, DocumentKind.Form, "Fiche de liaison ville–hôpital (exemple fictif)",
            "| Rubrique | À remplir |\n|---|---|\n| Patient | nom, prénom, date de naissance |\n| Motif d'adressage | |\n| Traitements en cours | |\n"
            + "| Saturation et fréquence respiratoire | |\n| Médecin traitant et infirmière | téléphones |",
            ["Liaison hôpital"], [], new DateOnly(2020, 7, 1), null), Loader, Everything, ct);
        await supersede.ExecuteAsync(oldForm, newForm, null, Loader, Everything, ct);

        await create.ExecuteAsync(new NewDocument(territoryId, DocumentKind.Guideline, "Surveillance infirmière à domicile : signes d'alerte (exemple fictif)",
            """
            Recommandation du groupe de travail infirmier de la CPTS (exemple fictif).

            - Mesurer la **saturation** au repos, puis après un lever de chaise.
            - Noter la fréquence respiratoire sur une minute entière.
            - Signes d'alerte : saturation sous 95 %, fréquence respiratoire au-delà de 22, confusion, malaise.
            - En cas d'alerte : appeler le médecin traitant ; en son absence, le 15.
            """,
            ["Covid-19", "Domicile", "Surveillance"], ["infirmier"], new DateOnly(2020, 4, 2), null), Loader, Everything, ct);
    }
}
