using System.Text;
using AngleSharp.Html.Parser;
using Maillage.Features.Bulletins;
using Maillage.Infrastructure;

namespace Maillage.Tests.Features.Bulletins;

/// <summary>Uploaded .eml files: what is read from each kind of real message, and the sentence each kind of wrong file gets.</summary>
public sealed class EmlParserTests
{
    public static string SamplesFolder { get; } = FindSamples();

    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "Maillage.Tests", "Features", "Bulletins", "Samples");
            }
        }

        throw new InvalidOperationException("repository root (Maillage.slnx) not found");
    }

    public static ParsedEmail Sample(string name)
    {
        using var file = File.OpenRead(Path.Combine(SamplesFolder, name));
        return EmlParser.Parse(file);
    }

    [Fact]
    public void A_DGS_Urgent_message_gives_decoded_headers_both_bodies_and_its_attachment()
    {
        var email = Sample("dgs-urgent.eml");

        Assert.Equal("2020-fictif-12.dgs-urgent@sante.exemple.invalid", email.MessageId);
        Assert.Equal("DGS-Urgent (fictif)", email.FromName);
        Assert.Equal("dgs-urgent@sante.exemple.invalid", email.FromAddress);
        Assert.Equal(new DateTime(2020, 3, 30, 16, 42, 10, DateTimeKind.Utc), email.DateUtc);
        Assert.Equal(DateTimeKind.Utc, email.DateUtc!.Value.Kind);
        Assert.Equal("DGS-Urgent n°2020-FICTIF-12 : Conduite à tenir pour la prise en charge en ville (COVID-19)", email.Subject);

        Assert.StartsWith("MESSAGE FICTIF - exemple de démonstration pour Maillage, ce n'est pas une consigne réelle.", email.Text);
        Assert.Contains("nous vous rappelons les éléments suivants :", email.Text);
        Assert.Contains("- privilégiez la téléconsultation pour le suivi des patients à domicile ;", email.Text);
        Assert.DoesNotContain("\r", email.Text);
        Assert.DoesNotContain("=C3", email.Text);

        Assert.NotNull(email.Html);
        Assert.Contains("<h3>DGS-Urgent n°2020-FICTIF-12</h3>", email.Html);
        Assert.Contains("<h4>Conduite à tenir pour la prise en charge en ville des patients atteints de COVID-19</h4>", email.Html);
        Assert.Contains("<li>orientez les patients présentant des signes de gravité vers le <b>15</b>", email.Html);
        Assert.DoesNotContain("style", email.Html);
        Assert.DoesNotContain("font-family", email.Html);
        Assert.DoesNotContain("<html", email.Html);
        var link = new HtmlParser().ParseDocument(email.Html).QuerySelector("a")!;
        Assert.Equal("https://sante.exemple.invalid/dgs-urgent", link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer nofollow", link.GetAttribute("rel"));

        var attachment = Assert.Single(email.Attachments);
        Assert.Equal("Fiche prise en charge en ville (fictif).pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.StartsWith("%PDF-1.4\n% Document fictif", Encoding.ASCII.GetString(attachment.Content));
        Assert.EndsWith("%%EOF\n", Encoding.ASCII.GetString(attachment.Content));
    }

    [Fact]
    public void The_user_guide_sample_is_the_DGS_Urgent_sample()
    {
        var root = Path.GetFullPath(Path.Combine(SamplesFolder, "..", "..", "..", "..", ".."));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(SamplesFolder, "dgs-urgent.eml")),
            File.ReadAllBytes(Path.Combine(root, "docs", "samples", "message-exemple.eml")));
    }

    [Fact]
    public void An_HTML_only_message_is_sanitised_and_its_text_derived_from_it()
    {
        var email = Sample("ars-html-hostile.eml");

        Assert.Equal("Point de situation épidémiologique – semaine 14 (fictif)", email.Subject);
        Assert.Equal("ARS Occitanie (fictif)", email.FromName);
        Assert.Equal("alerte@ars.exemple.invalid", email.FromAddress);

        Assert.NotNull(email.Html);
        SafeHtmlTests.AssertInert(email.Html);
        Assert.Contains("<h3>Point de situation épidémiologique – Occitanie (fictif)</h3>", email.Html);
        Assert.DoesNotContain("Alerte", email.Html);
        Assert.Contains("Le nombre de passages aux urgences pour suspicion de COVID-19 a augmenté de 12 % cette semaine.", email.Html);
        Assert.Contains("<td>Hérault</td>", email.Html);
        Assert.Contains("href=\"https://ars.exemple.invalid/point-de-situation\"", email.Html);
        Assert.DoesNotContain("pirate", email.Html);
        Assert.DoesNotContain("cookie", email.Html);
        Assert.DoesNotContain("alert", email.Html);

        Assert.Contains("Point de situation épidémiologique – Occitanie (fictif)", email.Text);
        Assert.Contains("Cliquez ici ou consultez le point de situation.", email.Text);
        Assert.Contains("Département Hospitalisations\nHérault 42", email.Text);
        Assert.DoesNotContain("document.cookie", email.Text);
        Assert.DoesNotContain("background", email.Text);
        Assert.DoesNotContain("<", email.Text);

        // The inline logo has no file name: it is kept, under a made-up one.
        var logo = Assert.Single(email.Attachments);
        Assert.Equal("image/png", logo.ContentType);
        Assert.EndsWith(".png", logo.FileName);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], logo.Content[..4]);
    }

    [Fact]
    public void A_forward_without_words_of_its_own_is_read_as_the_forwarded_message()
    {
        var email = Sample("forwarded.eml");

        Assert.Equal("Renforcement des visites en EHPAD (fictif)", email.Subject);
        Assert.Equal("visites-ehpad.fictif@ars.exemple.invalid", email.MessageId);
        Assert.Equal("alerte@ars.exemple.invalid", email.FromAddress);
        Assert.Equal("ARS Occitanie (fictif)", email.FromName);
        Assert.Equal(new DateTime(2020, 3, 31, 12, 5, 0, DateTimeKind.Utc), email.DateUtc);
        Assert.StartsWith("MESSAGE FICTIF pour les tests de Maillage.\n\nLes visites en établissement sont suspendues jusqu'à nouvel ordre.", email.Text);
        Assert.Null(email.Html);
        Assert.Empty(email.Attachments);
    }

    [Fact]
    public void A_forward_with_a_comment_keeps_the_comment_and_attaches_the_forwarded_message()
    {
        var email = Sample("forwarded-with-comment.eml");

        Assert.Equal("TR : Renforcement des visites en EHPAD (fictif)", email.Subject);
        Assert.Equal("transfert-2@demo.maillage.test", email.MessageId);
        Assert.Equal("coordination@demo.maillage.test", email.FromAddress);
        Assert.Equal("Pour information : à relayer aux infirmières du secteur nord.", email.Text);
        var attached = Assert.Single(email.Attachments);
        Assert.Equal(("message-transfere.eml", "message/rfc822"), (attached.FileName, attached.ContentType));

        // The attachment is itself a readable e-mail.
        var inner = EmlParser.Parse(new MemoryStream(attached.Content));
        Assert.Equal("Renforcement des visites en EHPAD (fictif)", inner.Subject);
        Assert.Contains("Les visites en établissement sont suspendues", inner.Text);

        // Forwarded with or without a comment, the alert itself has one fingerprint.
        var forwarded = Sample("forwarded.eml");
        Assert.Equal(EmlParser.Fingerprint(inner.Subject, inner.Text), EmlParser.Fingerprint(forwarded.Subject, forwarded.Text));
    }

    [Fact]
    public void An_ISO_8859_1_message_is_decoded_headers_and_body()
    {
        var email = Sample("iso-8859-1.eml");

        Assert.Equal("Réunion de coordination à Béziers (fictif)", email.Subject);
        Assert.Equal("Cellule de crise Hérault", email.FromName);
        Assert.Equal(new DateTime(2020, 4, 1, 7, 0, 0, DateTimeKind.Utc), email.DateUtc);
        Assert.Contains("La réunion de coordination aura lieu à Béziers, salle « François Ier ».", email.Text);
        Assert.Contains("Ordre du jour : dépistage, hôpitaux, sûreté des équipes.", email.Text);
        Assert.Null(email.Html);
        Assert.Empty(email.Attachments);
    }

    [Theory]
    [InlineData("malformed-empty.eml", "Le fichier est vide")]
    [InlineData("malformed-binary.eml", "Le fichier n'est pas un e-mail (.eml) : son contenu est binaire.")]
    [InlineData("malformed-html-page.eml", "Le fichier est une page web (HTML), pas un e-mail (.eml)")]
    [InlineData("malformed-pdf.eml", "Le fichier est un document PDF, pas un e-mail (.eml)")]
    [InlineData("malformed-truncated-headers.eml", "Le fichier est incomplet : il s'arrête au milieu des en-têtes")]
    [InlineData("malformed-plain-text.eml", "Le fichier n'est pas un e-mail (.eml) : aucun en-tête n'a été trouvé.")]
    [InlineData("malformed-no-content.eml", "L'e-mail est vide : il n'a ni objet, ni texte, ni pièce jointe.")]
    [InlineData("malformed-not-mail-headers.eml", "Le fichier n'est pas un e-mail (.eml) : il n'a ni expéditeur")]
    public void A_file_that_is_not_a_usable_email_is_refused_with_one_French_sentence(string sample, string message)
    {
        var error = Assert.Throws<DomainException>(() => Sample(sample));

        Assert.Equal(DomainErrorKind.Invalid, error.Kind);
        Assert.Equal("file", error.Field);
        Assert.StartsWith(message, error.Message);
        Assert.EndsWith(".", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_without_being_read_to_the_end()
    {
        var stream = new EndlessStream("From: a@exemple.invalid\r\nSubject: gros\r\n\r\n"u8.ToArray());

        var error = Assert.Throws<DomainException>(() => EmlParser.Parse(stream));

        Assert.Equal("file", error.Field);
        Assert.Equal("Le fichier dépasse la taille maximale de 20 Mo pour un e-mail.", error.Message);
        Assert.InRange(stream.Position, EmlParser.MaxBytes, EmlParser.MaxBytes + 200_000);
    }

    [Fact]
    public void A_file_of_exactly_the_limit_is_accepted()
    {
        var head = "From: a@exemple.invalid\r\nSubject: Limite\r\n\r\n"u8.ToArray();
        var bytes = new byte[EmlParser.MaxBytes];
        head.CopyTo(bytes, 0);
        bytes.AsSpan(head.Length).Fill((byte)'x');

        Assert.Equal("Limite", EmlParser.Parse(new MemoryStream(bytes)).Subject);
    }

    [Theory]
    [InlineData("From: a@exemple.invalid\r\nSubject: Réunion annulée\r\n\r\n", "Réunion annulée")]
    [InlineData("\uFEFFFrom: a@exemple.invalid\nSubject: Avec BOM et LF\n\nTexte.\n", "Texte.")]
    [InlineData("From MAILER-DAEMON Mon Mar 30 18:42:10 2020\nFrom: a@exemple.invalid\nSubject: mbox\n\nTexte mbox.\n", "Texte mbox.")]
    public void Small_valid_variants_are_read(string eml, string text)
    {
        var email = EmlParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(eml)));

        Assert.Equal(text, email.Text);
        Assert.Null(email.DateUtc);
        Assert.Null(email.MessageId);
        Assert.Null(email.FromName);
        Assert.Equal("a@exemple.invalid", email.FromAddress);
    }

    [Fact]
    public void A_message_with_only_an_attachment_has_an_empty_text()
    {
        const string eml = "From: scanner@exemple.invalid\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Disposition: attachment; filename=\"../../etc/scan 001.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n";

        var email = EmlParser.Parse(new MemoryStream(Encoding.ASCII.GetBytes(eml)));

        Assert.Equal(("", ""), (email.Subject, email.Text));
        var attachment = Assert.Single(email.Attachments);
        Assert.Equal("scan 001.pdf", attachment.FileName);
        Assert.Equal("%PDF-1.4"u8.ToArray(), attachment.Content);
    }

    [Fact]
    public void A_header_block_MimeKit_cannot_use_as_a_message_is_refused()
    {
        // Header-shaped lines, but none of an e-mail's: a configuration file, a CSV header line…
        var error = Assert.Throws<DomainException>(() => EmlParser.Parse(new MemoryStream("Host: exemple\r\nPort: 25\r\n\r\nrien\r\n"u8.ToArray())));
        Assert.Equal("file", error.Field);
    }

    [Theory]
    [InlineData("TR: Alerte canicule", "Alerte canicule")]
    [InlineData("Fwd: TR : RE: Alerte canicule", "Alerte canicule")]
    [InlineData("fw:Fwd[2]: Alerte canicule", "Alerte canicule")]
    [InlineData("  tr :  Alerte canicule ", "Alerte canicule")]
    [InlineData("TRAITEMENT: Alerte", "TRAITEMENT: Alerte")]
    [InlineData("Retour d'expérience", "Retour d'expérience")]
    public void Reply_and_forward_prefixes_are_stripped_repeatedly(string subject, string expected) =>
        Assert.Equal(expected, EmlParser.StripReplyPrefixes(subject));

    [Fact]
    public void The_fingerprint_ignores_forward_prefixes_wrapping_case_and_accents_but_not_the_words()
    {
        const string text = "Les visites en établissement sont suspendues\njusqu'à nouvel ordre.";
        var original = EmlParser.Fingerprint("Renforcement des visites", text);

        Assert.Matches("^[0-9a-f]{64}$", original);
        Assert.Equal(original, EmlParser.Fingerprint("Renforcement des visites", text));
        Assert.Equal(original, EmlParser.Fingerprint("TR: Renforcement des visites", text));
        Assert.Equal(original, EmlParser.Fingerprint("Fwd: TR: RE: Fw: Renforcement des visites", text));
        Assert.Equal(original, EmlParser.Fingerprint("Renforcement des visites", "Les visites en établissement\r\nsont suspendues   jusqu'à\n\n nouvel ordre.  "));
        Assert.Equal(original, EmlParser.Fingerprint("RENFORCEMENT des visites", "les visites en etablissement sont suspendues jusqu'a nouvel ordre"));

        Assert.NotEqual(original, EmlParser.Fingerprint("Renforcement des visites", "Les visites en établissement sont autorisées jusqu'à nouvel ordre."));
        Assert.NotEqual(original, EmlParser.Fingerprint("Allègement des visites", text));
        Assert.NotEqual(EmlParser.Fingerprint("a b", "c"), EmlParser.Fingerprint("a", "b c"));
    }

    /// <summary>A stream that never ends, to prove the size limit stops reading.</summary>
    private sealed class EndlessStream(byte[] head) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = position + i < head.Length ? head[position + i] : (byte)'x';
            }

            position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
