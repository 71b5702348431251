namespace Maillage.Features.Accounts;

public sealed record RoleInfo(string Name, string Label, string Description);

/// <summary>The roles of PRODUCT.md §3. Names are stable identifiers (CLI, API); labels are French.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Coordinator = "coordinator";
    public const string Professional = "professional";
    public const string Secretary = "secretary";
    public const string HospitalLiaison = "hospital-liaison";
    public const string Authority = "authority";
    public const string Regulation = "regulation";
    public const string Depot = "depot";

    public static readonly IReadOnlyList<RoleInfo> All =
    [
        new(Administrator, "Administrateur", "Comptes, rôles, territoires et journal d'audit."),
        new(Coordinator, "Coordinateur·rice", "Anime le territoire : membres, crise, centres, matériel, rapports."),
        new(Professional, "Professionnel·le de santé", "Bulletins, volontariat, prises en charge de ses patients."),
        new(Secretary, "Secrétaire / assistant·e médical·e", "Régulation téléphonique et prise de rendez-vous."),
        new(HospitalLiaison, "Liaison hospitalière", "Signale les entrées et sorties d'hospitalisation."),
        new(Authority, "Autorité (ARS)", "Rapports agrégés et offre de soins, jamais d'identité de patient."),
        new(Regulation, "Régulation (Centre 15)", "Consulte l'annuaire et les lieux pouvant recevoir un patient."),
        new(Depot, "Bénévole de dépôt", "Reçoit les dons, contrôle la qualité, remet et prête le matériel."),
    ];

    public static bool Exists(string name) => All.Any(r => r.Name == name);

    public static string Label(string name) => All.FirstOrDefault(r => r.Name == name)?.Label ?? name;
}
