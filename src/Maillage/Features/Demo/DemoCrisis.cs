using Maillage.Features.Accounts;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;

namespace Maillage.Features.Demo;

/// <summary>
/// The demo territory's first wave, as a crisis cell would have recorded it: the national stages as they
/// were declared (stage 2 on 29 February 2020, stage 3 on 14 March 2020), two cell meetings and their
/// decisions. People and decisions are fictional; the dates of the national stages are real.
/// </summary>
public sealed class DemoCrisis(
    ListEpisodes list, OpenEpisode open, RecordStage stage, AddMeeting meeting, AddDecision decide, ChangeDecisionStatus change,
    CreateProtocol createProtocol, ReviseProtocol reviseProtocol, ListStructures structures, RegisterExistingCentre registerCentre)
{
    private static readonly Actor Loader = Actor.CommandLine;
    private static readonly UserScope Everything = UserScope.Everything;

    public async Task ExecuteAsync(int territoryId, CancellationToken ct = default)
    {
        if ((await list.ExecuteAsync(Everything, ct)).Any(e => e.TerritoryId == territoryId))
        {
            return;
        }

        var id = await open.ExecuteAsync(territoryId, "COVID-19 — vague 1", new DateOnly(2020, 3, 9), Loader, Everything, isDemo: true, ct);
        await stage.ExecuteAsync(id, 1, new DateOnly(2020, 2, 23), "Stade 1 national.", Loader, Everything, ct);
        await stage.ExecuteAsync(id, 2, new DateOnly(2020, 2, 29), "Passage au stade 2.", Loader, Everything, ct);
        await stage.ExecuteAsync(id, 3, new DateOnly(2020, 3, 14), "Stade épidémique : les soins de ville sont mobilisés.", Loader, Everything, ct);

        var first = await meeting.ExecuteAsync(id, new NewMeeting(
            Paris(2020, 3, 16, 20, 0),
            "Organisation face au stade 3 : centre dédié, régulation téléphonique, équipements de protection.",
            "Réunion en visioconférence (fictive). Décision d'ouvrir un centre Covid à la salle polyvalente de Gignac dans la semaine.",
            new Dictionary<string, int> { ["medecin-generaliste"] = 6, ["infirmier"] = 3, ["pharmacien"] = 2, ["coordinateur"] = 1 }), Loader, Everything, ct);
        var centre = await decide.ExecuteAsync(id, new NewDecision(first, "Ouvrir un centre Covid à la salle polyvalente de Gignac", new DateOnly(2020, 3, 16),
            "Camille Coordinatrice (fictive)", new DateOnly(2020, 3, 23)), Loader, Everything, ct);
        await change.ExecuteAsync(centre, DecisionStatus.Done, null, null, Loader, Everything, ct);
        var triage = await decide.ExecuteAsync(id, new NewDecision(first, "Questionnaire commun de régulation téléphonique pour tous les secrétariats", new DateOnly(2020, 3, 16),
            "Dr Paul Généraliste (fictif)", null), Loader, Everything, ct);
        await change.ExecuteAsync(triage, DecisionStatus.InProgress, null, null, Loader, Everything, ct);

        var second = await meeting.ExecuteAsync(id, new NewMeeting(
            Paris(2020, 3, 30, 20, 0),
            "Premier bilan du centre ; patients chroniques qui ne consultent plus.",
            null,
            new Dictionary<string, int> { ["medecin-generaliste"] = 5, ["infirmier"] = 4, ["masseur-kinesitherapeute"] = 2, ["coordinateur"] = 1 }), Loader, Everything, ct);
        await decide.ExecuteAsync(id, new NewDecision(second, "Recenser les patients chroniques à risque qui ne viennent plus et organiser leur rappel", new DateOnly(2020, 3, 30),
            "Infirmières de la MSP du Salagou (fictives)", null), Loader, Everything, ct);

        const string circuitV1 = "1. Accueil à l'extérieur : friction hydro-alcoolique, masque chirurgical.\n"
            + "2. Questionnaire d'orientation par le personnel d'accueil.\n"
            + "3. Salle d'attente dédiée, deux mètres entre les chaises.\n"
            + "4. Consultation : médecin en surblouse, masque FFP2, lunettes.";
        // The demo directory's Covid centre is this crisis's centre, opened within the week as in many territories.
        var found = await structures.ExecuteAsync(new DirectoryFilter(Kind: "centre-dedie", TerritoryId: territoryId), Everything, 1, 10, ct);
        var cpts = await structures.ExecuteAsync(new DirectoryFilter(Kind: "cpts", TerritoryId: territoryId), Everything, 1, 1, ct);
        if (found.Items.FirstOrDefault() is { } covidCentre)
        {
            await registerCentre.ExecuteAsync(id, covidCentre.Id, cpts.Items.FirstOrDefault()?.Id, suspectCircuit: true, nonSuspectCircuit: false,
                "Saturomètres (4), concentrateur d'oxygène prêté par l'hôpital, thermomètres sans contact (fictif)", 6,
                [(CentreStage.Project, new DateOnly(2020, 3, 16)), (CentreStage.FileSentToArs, new DateOnly(2020, 3, 17)),
                 (CentreStage.Funded, new DateOnly(2020, 3, 19)), (CentreStage.Open, new DateOnly(2020, 3, 20))], Loader, Everything, ct);
        }

        var circuit = await createProtocol.ExecuteAsync(id, "Circuit des patients suspects au centre Covid (exemple fictif)", circuitV1, Loader, Everything, ct);
        await reviseProtocol.ExecuteAsync(circuit, circuitV1 + "\n5. Saturation mesurée à chaque passage ; en dessous de 95 %, avis médical immédiat.",
            "Ajout du contrôle de la saturation (réunion du 30/03)", 1, Loader, Everything, ct);
    }

    private static DateTime Paris(int y, int m, int d, int h, int min) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, m, d, h, min, 0, DateTimeKind.Unspecified), Infrastructure.French.Paris);
}
