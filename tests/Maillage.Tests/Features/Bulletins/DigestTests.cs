using AngleSharp.Html.Parser;
using Maillage.Features.Bulletins;

namespace Maillage.Tests.Features.Bulletins;

public sealed class DigestTests
{
    private static readonly DateTime Monday = new(2020, 3, 30, 8, 0, 0, DateTimeKind.Utc);

    private static DigestItem Item(int id, string title, bool urgent = false, int hours = 0, string body = "Texte.", params string[] subjects) =>
        new(id, title, urgent, Monday.AddHours(hours), body, subjects);

    private static DigestMail Build(MailKind kind, params DigestItem[] items) =>
        Digest.Build(new DigestInput("Camille Martin", kind, items, "https://maillage.example.org/", "https://maillage.example.org/information/desabonnement/abc123"));

    [Fact]
    public void One_bulletin_is_its_own_subject_and_links_back_for_the_acknowledgement()
    {
        var mail = Build(MailKind.Immediate, Item(42, "Nouveaux horaires du centre"));
        Assert.Equal("Nouveaux horaires du centre", mail.Subject);
        Assert.Contains("Bonjour Camille Martin,", mail.Text);
        Assert.Contains("https://maillage.example.org/information/bulletins/42", mail.Text);
        Assert.Contains("href=\"https://maillage.example.org/information/bulletins/42\"", mail.Html);
    }

    [Fact]
    public void A_daily_digest_counts_its_bulletins_and_puts_urgent_ones_first()
    {
        var mail = Build(MailKind.Daily, Item(1, "Réunion CPTS", hours: 1), Item(2, "Alerte DGS", urgent: true, hours: 0), Item(3, "Masques", hours: 5));
        Assert.Equal("[URGENT] Maillage : 3 bulletins à lire (30/03/2020)", mail.Subject);
        var order = new[] { "Alerte DGS", "Masques", "Réunion CPTS" }.Select(t => mail.Text.IndexOf(t, StringComparison.Ordinal)).ToList();
        Assert.True(order.SequenceEqual(order.Order()) && order[0] >= 0, mail.Text);
        Assert.Contains("[URGENT] Alerte DGS", mail.Text);
        Assert.Contains("Voici les 3 bulletins publiés pour vous et que vous n'avez pas encore lus.", mail.Text);
    }

    [Fact]
    public void Every_mail_carries_the_unsubscribe_and_preferences_links()
    {
        var mail = Build(MailKind.Daily, Item(1, "A"), Item(2, "B"));
        Assert.Contains("Ne plus recevoir ces e-mails : https://maillage.example.org/information/desabonnement/abc123", mail.Text);
        Assert.Contains("https://maillage.example.org/information/preferences", mail.Text);
        Assert.Contains("href=\"https://maillage.example.org/information/desabonnement/abc123\"", mail.Html);
    }

    [Fact]
    public void Messages_passed_on_are_listed_by_subject()
    {
        var mail = Build(MailKind.Immediate, Item(5, "Consignes", body: "Voir ci-dessous.", subjects: ["DGS-Urgent n° 2020-08", "Note ARS <centres>"]));
        Assert.Contains("- DGS-Urgent n° 2020-08", mail.Text);
        Assert.Contains("<li>Note ARS &lt;centres&gt;</li>", mail.Html);
    }

    [Fact]
    public void Hostile_titles_and_bodies_stay_inert_in_the_html_part()
    {
        var mail = Build(MailKind.Immediate, Item(6, "<script>alert(1)</script>", body: "[clic](javascript:alert(2)) <img src=x onerror=alert(3)>"));
        var document = new HtmlParser().ParseDocument(mail.Html);
        Assert.Empty(document.QuerySelectorAll("script, img"));
        Assert.DoesNotContain(document.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? ""), h => h.StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.Contains("<script>alert(1)</script>", mail.Subject);
    }

    [Fact]
    public void The_markdown_is_rendered_in_html_and_kept_readable_in_text()
    {
        var mail = Build(MailKind.Immediate, Item(7, "Liste", body: "# Points\n\n- **un**\n- deux"));
        Assert.Contains("<h3>Points</h3>", mail.Html);
        Assert.Contains("<strong>un</strong>", mail.Html);
        Assert.Contains("- **un**", mail.Text);
    }

    [Fact]
    public void An_empty_digest_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => Build(MailKind.Daily));
}
