namespace Maillage.Features.Accounts;

/// <summary>French labels of audit actions, for the pages.</summary>
public static class AuditLabels
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["login.success"] = "Connexion réussie",
        ["login.failure"] = "Échec de connexion",
        ["login.lockout"] = "Compte verrouillé",
        ["login.refused-locked"] = "Connexion refusée (compte verrouillé)",
        ["logout"] = "Déconnexion",
        ["password.changed"] = "Mot de passe changé",
        ["user.created"] = "Compte créé",
        ["user.role-changed"] = "Rôle modifié",
        ["user.territories-changed"] = "Territoires modifiés",
        ["user.disabled"] = "Compte désactivé",
        ["user.enabled"] = "Compte réactivé",
        ["territory.created"] = "Territoire créé",
        ["territory.changed"] = "Territoire modifié",
    };

    public static IReadOnlyDictionary<string, string> All => Labels;

    public static string Action(string action) => Labels.GetValueOrDefault(action, action);
}
