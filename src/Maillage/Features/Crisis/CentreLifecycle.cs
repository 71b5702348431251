using Maillage.Infrastructure;

namespace Maillage.Features.Crisis;

/// <summary>
/// The lifecycle of a dedicated centre: project → file sent to the ARS → funded → open ⇄ dormant → closed.
/// A centre may be closed from any step; a closed centre stays closed (its history is kept).
/// </summary>
public static class CentreLifecycle
{
    public static readonly IReadOnlyDictionary<CentreStage, string> Labels = new Dictionary<CentreStage, string>
    {
        [CentreStage.Project] = "Projet",
        [CentreStage.FileSentToArs] = "Dossier envoyé à l'ARS",
        [CentreStage.Funded] = "Financé / validé",
        [CentreStage.Open] = "Ouvert",
        [CentreStage.Dormant] = "En sommeil",
        [CentreStage.Closed] = "Fermé",
    };

    private static readonly Dictionary<CentreStage, CentreStage[]> Next = new()
    {
        [CentreStage.Project] = [CentreStage.FileSentToArs, CentreStage.Closed],
        [CentreStage.FileSentToArs] = [CentreStage.Funded, CentreStage.Closed],
        [CentreStage.Funded] = [CentreStage.Open, CentreStage.Closed],
        [CentreStage.Open] = [CentreStage.Dormant, CentreStage.Closed],
        [CentreStage.Dormant] = [CentreStage.Open, CentreStage.Closed],
        [CentreStage.Closed] = [],
    };

    public static IReadOnlyList<CentreStage> NextStages(CentreStage from) => Next[from];

    /// <summary>Only an open centre receives patients: its services are searchable in the directory.</summary>
    public static bool ReceivesPatients(CentreStage stage) => stage == CentreStage.Open;

    public static void CheckMove(CentreStage from, CentreStage to, DateOnly on, DateOnly lastChangeOn)
    {
        if (!Next[from].Contains(to))
        {
            throw DomainException.Invalid(
                from == CentreStage.Closed
                    ? "Ce centre est fermé : son historique est conservé, il ne change plus d'étape."
                    : $"Un centre à l'étape « {Labels[from]} » ne peut pas passer à « {Labels[to]} ». Étapes possibles : {string.Join(", ", Next[from].Select(s => Labels[s]))}.",
                "stage");
        }

        if (on < lastChangeOn)
        {
            throw DomainException.Invalid($"La date ne peut pas précéder l'étape précédente ({lastChangeOn:dd/MM/yyyy}).", "on");
        }
    }
}
