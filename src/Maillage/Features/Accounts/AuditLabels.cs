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
        ["2fa.enabled"] = "Double authentification activée",
        ["2fa.disabled"] = "Double authentification désactivée",
        ["user.created"] = "Compte créé",
        ["user.role-changed"] = "Rôle modifié",
        ["user.territories-changed"] = "Territoires modifiés",
        ["user.disabled"] = "Compte désactivé",
        ["user.enabled"] = "Compte réactivé",
        ["territory.created"] = "Territoire créé",
        ["territory.changed"] = "Territoire modifié",
        ["directory.structure-created"] = "Structure créée",
        ["directory.structure-changed"] = "Structure modifiée",
        ["directory.site-created"] = "Site créé",
        ["directory.site-changed"] = "Site modifié",
        ["directory.service-created"] = "Service créé",
        ["directory.service-changed"] = "Service modifié",
        ["directory.service-exception"] = "Horaires exceptionnels",
        ["directory.professional-created"] = "Professionnel créé",
        ["directory.professional-changed"] = "Professionnel modifié",
        ["directory.membership-changed"] = "Membres modifiés",
        ["directory.archived"] = "Fiche archivée",
        ["directory.restored"] = "Fiche rétablie",
        ["directory.imported"] = "Import de l'annuaire",
        ["crisis.opened"] = "Crise ouverte",
        ["crisis.closed"] = "Crise close",
        ["crisis.stage"] = "Stade d'alerte",
        ["crisis.meeting"] = "Réunion de la cellule de crise",
        ["crisis.decision"] = "Décision",
        ["crisis.decision-status"] = "Suivi de décision",
        ["crisis.protocol"] = "Protocole",
        ["library.document"] = "Bibliothèque",
        ["crisis.centre"] = "Centre dédié",
        ["roster.role"] = "Rôle de centre",
        ["roster.shift"] = "Créneau de centre",
        ["roster.availability"] = "Disponibilités",
    };

    public static IReadOnlyDictionary<string, string> All => Labels;

    public static string Action(string action) => Labels.GetValueOrDefault(action, action);
}
