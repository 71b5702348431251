using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Shell;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Erreur";

    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Title, Message) = code switch
        {
            404 => ("Page introuvable", "Cette page n'existe pas, ou vous n'y avez pas accès."),
            403 => ("Accès refusé", "Votre rôle ne permet pas d'ouvrir cette page."),
            400 => ("Requête invalide", "La demande n'a pas pu être comprise. Rechargez la page et recommencez."),
            409 => ("Modification refusée", "La fiche a changé entre-temps ou la modification n'est plus possible. Rechargez la page et recommencez."),
            429 => ("Trop de tentatives", "Patientez une minute avant de réessayer."),
            null => ("Erreur inattendue", "Une erreur est survenue et a été journalisée. Réessayez ; si elle persiste, prévenez l'administrateur."),
            _ => ("Erreur", $"La demande a échoué (code {code})."),
        };
        if (code is not null)
        {
            Response.StatusCode = code.Value;
        }
    }
}
