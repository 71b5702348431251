using System.Net;
using System.Text;
using Maillage.Infrastructure;

namespace Maillage.Features.Bulletins;

public sealed record DigestItem(int BulletinId, string Title, bool Urgent, DateTime PublishedAtUtc, string BodyMarkdown, IReadOnlyList<string> MessageSubjects);

public sealed record DigestInput(string RecipientName, MailKind Kind, IReadOnlyList<DigestItem> Items, string BaseUrl, string UnsubscribeUrl);

public sealed record DigestMail(string Subject, string Text, string Html);

/// <summary>
/// Assembles the e-mail of one or more bulletins. Pure, so that what a professional receives is
/// tested without a server. Urgent bulletins come first; every bulletin links back to its page,
/// where reading is acknowledged.
/// </summary>
public static class Digest
{
    public static DigestMail Build(DigestInput input)
    {
        if (input.Items.Count == 0)
        {
            throw new ArgumentException("A digest needs at least one bulletin.", nameof(input));
        }

        var items = input.Items.OrderByDescending(i => i.Urgent).ThenByDescending(i => i.PublishedAtUtc).ThenBy(i => i.BulletinId).ToList();
        var baseUrl = input.BaseUrl.TrimEnd('/');
        var urgent = items.Count(i => i.Urgent);
        var subject = Subject(input.Kind, items, urgent);

        var text = new StringBuilder();
        text.Append("Bonjour ").Append(input.RecipientName).Append(",\n\n");
        text.Append(Intro(input.Kind, items.Count)).Append("\n\n");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(subject)).Append("</title></head><body>");
        html.Append("<p>Bonjour ").Append(WebUtility.HtmlEncode(input.RecipientName)).Append(",</p>");
        html.Append("<p>").Append(WebUtility.HtmlEncode(Intro(input.Kind, items.Count))).Append("</p>");

        foreach (var item in items)
        {
            var link = $"{baseUrl}/information/bulletins/{item.BulletinId}";
            var when = French.DateTime(item.PublishedAtUtc);
            text.Append(new string('=', 60)).Append('\n');
            text.Append(item.Urgent ? "[URGENT] " : "").Append(item.Title).Append('\n');
            text.Append("Publié le ").Append(when).Append('\n');
            text.Append(new string('=', 60)).Append("\n\n");
            text.Append(item.BodyMarkdown.Trim()).Append("\n\n");
            if (item.MessageSubjects.Count > 0)
            {
                text.Append("Messages transmis :\n");
                foreach (var m in item.MessageSubjects)
                {
                    text.Append("- ").Append(m).Append('\n');
                }

                text.Append('\n');
            }

            text.Append("Lire et confirmer la lecture : ").Append(link).Append("\n\n");

            html.Append("<hr><h2>").Append(item.Urgent ? "<strong>[URGENT]</strong> " : "").Append(WebUtility.HtmlEncode(item.Title)).Append("</h2>");
            html.Append("<p><small>Publié le ").Append(WebUtility.HtmlEncode(when)).Append("</small></p>");
            html.Append(SafeHtml.FromMarkdown(item.BodyMarkdown));
            if (item.MessageSubjects.Count > 0)
            {
                html.Append("<p>Messages transmis :</p><ul>");
                foreach (var m in item.MessageSubjects)
                {
                    html.Append("<li>").Append(WebUtility.HtmlEncode(m)).Append("</li>");
                }

                html.Append("</ul>");
            }

            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">Lire et confirmer la lecture</a></p>");
        }

        var preferences = $"{baseUrl}/information/preferences";
        text.Append("--\nVous recevez ce message en tant que membre du territoire sur Maillage.\n");
        text.Append("Choisir la fréquence des envois : ").Append(preferences).Append('\n');
        text.Append("Ne plus recevoir ces e-mails : ").Append(input.UnsubscribeUrl).Append('\n');
        html.Append("<hr><p><small>Vous recevez ce message en tant que membre du territoire sur Maillage. ")
            .Append("<a href=\"").Append(WebUtility.HtmlEncode(preferences)).Append("\">Choisir la fréquence des envois</a> · ")
            .Append("<a href=\"").Append(WebUtility.HtmlEncode(input.UnsubscribeUrl)).Append("\">Ne plus recevoir ces e-mails</a></small></p></body></html>");
        return new DigestMail(subject, text.ToString(), html.ToString());
    }

    private static string Subject(MailKind kind, IReadOnlyList<DigestItem> items, int urgent)
    {
        var prefix = urgent > 0 ? "[URGENT] " : "";
        if (items.Count == 1)
        {
            return $"{prefix}{items[0].Title}";
        }

        var day = French.DateOf(items.Max(i => i.PublishedAtUtc)).ToString("dd/MM/yyyy", French.Culture);
        return kind == MailKind.Daily
            ? $"{prefix}Maillage : {items.Count} bulletins à lire ({day})"
            : $"{prefix}Maillage : {items.Count} nouveaux bulletins";
    }

    private static string Intro(MailKind kind, int count) => (kind, count) switch
    {
        (MailKind.Daily, 1) => "Voici le bulletin publié pour vous et que vous n'avez pas encore lu.",
        (MailKind.Daily, _) => $"Voici les {count} bulletins publiés pour vous et que vous n'avez pas encore lus.",
        (_, 1) => "Un bulletin vient d'être publié pour vous.",
        _ => $"{count} bulletins viennent d'être publiés pour vous.",
    };
}
