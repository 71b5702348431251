using Maillage.Infrastructure;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>What the professional's information pages share: their addresses and how times and e-mail choices read in French.</summary>
public static class InboxPages
{
    public const string Home = "/information";

    public const string Preferences = "/information/preferences";

    public static string Read(int id) => $"/information/bulletins/{id}";

    /// <summary>"03/04/2020 à 10:12", Paris time.</summary>
    public static string At(DateTime utc) => French.ToParis(utc).ToString("dd/MM/yyyy 'à' HH:mm", French.Culture);

    /// <summary>"03/04/2020", Paris day.</summary>
    public static string Day(DateTime utc) => French.DateOf(utc).ToString("dd/MM/yyyy", French.Culture);

    public static readonly IReadOnlyList<(MailMode Mode, string Label, string Help)> Modes =
    [
        (MailMode.None, "Aucun e-mail", "Vous lisez les bulletins ici, dans Maillage."),
        (MailMode.Daily, "Un résumé quotidien (le matin)", "Un seul e-mail chaque matin avec les bulletins publiés depuis le précédent ; un bulletin urgent, lui, part tout de suite, sans attendre le résumé."),
        (MailMode.Immediate, "Immédiatement à chaque bulletin", "Un e-mail dès qu'un bulletin vous concernant est publié."),
    ];

    public static string ModeLabel(MailMode mode) => Modes.First(m => m.Mode == mode).Label;

    /// <summary>"1 bulletin non lu", "3 bulletins non lus".</summary>
    public static string Unread(int count) => count switch
    {
        0 => "Aucun bulletin non lu",
        1 => "1 bulletin non lu",
        _ => $"{French.Number(count)} bulletins non lus",
    };
}
