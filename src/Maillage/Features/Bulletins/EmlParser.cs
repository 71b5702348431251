using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Maillage.Infrastructure;
using MimeKit;

namespace Maillage.Features.Bulletins;

public sealed record ParsedAttachment(string FileName, string ContentType, byte[] Content);

public sealed record ParsedEmail(string? MessageId, string? FromName, string? FromAddress, DateTime? DateUtc, string Subject, string Text, string? Html, IReadOnlyList<ParsedAttachment> Attachments);

/// <summary>
/// Reads an uploaded .eml file into what an incoming message needs. People upload whatever their mail
/// client saved, so the checks before MimeKit exist to give a precise French sentence ("this is a PDF")
/// rather than MimeKit's lenient guess, which would turn almost any file into an empty message.
/// </summary>
/// <remarks>
/// A forwarded e-mail (message/rfc822 part) is handled in two ways. When the outer message is only a
/// wrapper (no text of its own: the coordinator forwarded an alert into Maillage), the forwarded message
/// IS the content: its subject, body, sender, date and Message-ID are taken, so the same alert forwarded
/// twice by two people keeps one Message-ID and one fingerprint. When the outer message says something
/// itself, that text is the content and each forwarded message is kept as an attachment
/// <c>message-transfere.eml</c> (then <c>message-transfere-2.eml</c>, …) so nothing is lost.
/// </remarks>
public static partial class EmlParser
{
    public const long MaxBytes = 20 * 1024 * 1024;

    private const string Field = "file";
    private const int MaxNesting = 5;

    // Windows-1252 rather than Latin-1 for undeclared 8-bit headers: French mail from old systems uses
    // its œ, ’ and € which Latin-1 lacks, and it decodes every Latin-1 letter the same way.
    private static readonly ParserOptions Options = CreateOptions();

    private static readonly string[] MessageHeaders = ["From", "Sender", "Subject", "Date", "Message-ID", "To"];

    private static ParserOptions CreateOptions()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var options = ParserOptions.Default.Clone();
        options.CharsetEncoding = Encoding.GetEncoding(1252);
        return options;
    }

    public static ParsedEmail Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = ReadLimited(stream);
        var start = CheckLooksLikeEmail(bytes);

        MimeMessage message;
        try
        {
            message = MimeMessage.Load(Options, new MemoryStream(bytes, start, bytes.Length - start, writable: false));
        }
        catch (FormatException)
        {
            throw Invalid("Le fichier n'est pas un e-mail lisible : son bloc d'en-têtes est mal formé.");
        }

        if (!MessageHeaders.Any(h => message.Headers.Contains(h)))
        {
            throw Invalid("Le fichier n'est pas un e-mail (.eml) : il n'a ni expéditeur, ni destinataire, ni objet, ni date.");
        }

        var email = Extract(message, 0);
        if (email.Subject.Length == 0 && email.Text.Length == 0 && email.Attachments.Count == 0)
        {
            throw Invalid("L'e-mail est vide : il n'a ni objet, ni texte, ni pièce jointe.");
        }

        return email;
    }

    /// <summary>
    /// The same message, however it reached us: "TR: X" forwarded by one person and "Fwd: X" by another,
    /// or the text re-wrapped by a mail client, give the same value.
    /// </summary>
    public static string Fingerprint(string subject, string text)
    {
        var key = $"{TextNormalizer.Fold(StripReplyPrefixes(subject ?? ""))}\n{TextNormalizer.Fold(text ?? "")}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    internal static string StripReplyPrefixes(string subject)
    {
        var result = subject.Trim();
        while (ReplyPrefix().Match(result) is { Success: true } match)
        {
            result = result[match.Length..].TrimStart();
        }

        return result;
    }

    // "TR :" with the French space, "Fwd[2]:", "RE:", "Fw:", and the German AW/WG some clients add.
    [GeneratedRegex(@"^\s*(?:tr|fwd?|re|aw|wg)\s*(?:\[\d+\])?\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();

    private static DomainException Invalid(string message) => DomainException.Invalid(message, Field);

    private static byte[] ReadLimited(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw Invalid($"Le fichier dépasse la taille maximale de {MaxBytes / (1024 * 1024)} Mo pour un e-mail.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Refuses what is obviously not an e-mail, and returns where the header block starts.</summary>
    private static int CheckLooksLikeEmail(byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var body = bytes.AsSpan(start);
        var first = body.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            throw Invalid("Le fichier est vide : il ne contient aucun e-mail.");
        }

        if (body.StartsWith("%PDF"u8))
        {
            throw Invalid("Le fichier est un document PDF, pas un e-mail (.eml) : ajoutez-le comme pièce jointe, ou enregistrez l'e-mail lui-même au format .eml.");
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            throw Invalid("Le fichier est un message Outlook (.msg), pas un e-mail au format .eml : enregistrez-le depuis votre messagerie au format .eml.");
        }

        var sample = body[..Math.Min(body.Length, 8192)];
        var controls = 0;
        foreach (var b in sample)
        {
            if (b == 0)
            {
                throw Invalid("Le fichier n'est pas un e-mail (.eml) : son contenu est binaire.");
            }

            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0C or 0x1B))
            {
                controls++;
            }
        }

        if (controls > Math.Max(2, sample.Length / 100))
        {
            throw Invalid("Le fichier n'est pas un e-mail (.eml) : son contenu est binaire.");
        }

        if (body[first] == (byte)'<')
        {
            throw Invalid("Le fichier est une page web (HTML), pas un e-mail (.eml) : enregistrez l'e-mail depuis votre messagerie au format .eml.");
        }

        // Header lines, read as Latin-1 so that each byte stays one character whatever the charset.
        var text = Encoding.Latin1.GetString(sample);
        var lines = text.Split('\n');
        var index = 0;
        if (lines[0].StartsWith("From ", StringComparison.Ordinal))
        {
            // The separator line of an mbox, written by some clients that save one message.
            start += lines[0].Length + 1;
            index = 1;
        }

        if (index >= lines.Length || !HeaderLine().IsMatch(lines[index]))
        {
            throw Invalid("Le fichier n'est pas un e-mail (.eml) : aucun en-tête n'a été trouvé.");
        }

        // The header block ends at the first blank line (or the first line that is not a header, which
        // MimeKit reads as the start of the body). Reaching the end of the file first means it was cut.
        if (sample.Length == body.Length)
        {
            var ended = false;
            for (var i = index; i < lines.Length && !ended; i++)
            {
                var line = lines[i].TrimEnd('\r');
                ended = line.Length == 0 ? i < lines.Length - 1 : !HeaderLine().IsMatch(line) && line[0] is not (' ' or '\t');
            }

            if (!ended)
            {
                throw Invalid("Le fichier est incomplet : il s'arrête au milieu des en-têtes de l'e-mail, avant le corps du message.");
            }
        }

        return start;
    }

    [GeneratedRegex(@"^[\x21-\x39\x3B-\x7E]+[ \t]*:")]
    private static partial Regex HeaderLine();

    private static ParsedEmail Extract(MimeMessage message, int depth)
    {
        var parts = new Parts();
        if (message.Body is not null)
        {
            parts.Walk(message.Body);
        }

        var text = Clean(string.Join("\n\n", parts.Texts.Where(t => !string.IsNullOrWhiteSpace(t))));
        var rawHtml = parts.Htmls.Count == 0 ? null : string.Join("\n", parts.Htmls);
        var html = SafeHtml.Sanitize(rawHtml);
        var textOfHtml = SafeHtml.TextOf(rawHtml);
        var subject = OneLine(message.Subject);
        var mailbox = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var date = message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date.UtcDateTime : (DateTime?)null;
        var attachments = new List<ParsedAttachment>(parts.Attachments);

        if (text.Length == 0 && textOfHtml.Length == 0 && parts.Forwarded.Count == 1 && depth < MaxNesting)
        {
            var inner = Extract(parts.Forwarded[0], depth + 1);
            return new ParsedEmail(
                inner.MessageId ?? message.MessageId,
                inner.FromAddress is null ? Name(mailbox) : inner.FromName,
                inner.FromAddress ?? mailbox?.Address,
                inner.DateUtc ?? date,
                inner.Subject.Length > 0 ? inner.Subject : StripReplyPrefixes(subject),
                inner.Text,
                inner.Html,
                [.. attachments, .. inner.Attachments]);
        }

        for (var i = 0; i < parts.Forwarded.Count; i++)
        {
            using var raw = new MemoryStream();
            parts.Forwarded[i].WriteTo(raw);
            attachments.Add(new ParsedAttachment(i == 0 ? "message-transfere.eml" : $"message-transfere-{i + 1}.eml", "message/rfc822", raw.ToArray()));
        }

        if (text.Length == 0)
        {
            text = textOfHtml;
        }

        // A message whose whole content is its subject ("Réunion annulée") still needs a text to show and search.
        if (text.Length == 0 && attachments.Count == 0)
        {
            text = subject;
        }

        return new ParsedEmail(
            string.IsNullOrWhiteSpace(message.MessageId) ? null : message.MessageId.Trim(),
            Name(mailbox),
            string.IsNullOrWhiteSpace(mailbox?.Address) ? null : mailbox.Address.Trim(),
            date,
            subject,
            text,
            html.Length == 0 ? null : html,
            attachments);
    }

    private static string? Name(MailboxAddress? mailbox) => string.IsNullOrWhiteSpace(mailbox?.Name) ? null : OneLine(mailbox.Name);

    private static string OneLine(string? value) => string.IsNullOrWhiteSpace(value) ? "" : Whitespace().Replace(value, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string Clean(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => l.TrimEnd());
        return string.Join('\n', lines).Trim('\n', ' ', '\t');
    }

    /// <summary>The body of one message, MIME part by MIME part.</summary>
    private sealed class Parts
    {
        public List<string> Texts { get; } = [];

        public List<string> Htmls { get; } = [];

        public List<ParsedAttachment> Attachments { get; } = [];

        public List<MimeMessage> Forwarded { get; } = [];

        public void Walk(MimeEntity entity)
        {
            switch (entity)
            {
                case Multipart multipart:
                    foreach (var child in multipart)
                    {
                        Walk(child);
                    }

                    break;
                case MessagePart { Message: { } forwarded }:
                    Forwarded.Add(forwarded);
                    break;
                case TextPart text when text.FileName is null && !text.IsAttachment && (text.IsPlain || text.IsHtml):
                    (text.IsHtml ? Htmls : Texts).Add(text.Text ?? "");
                    break;
                case MimePart part:
                    Attachments.Add(Attachment(part));
                    break;
            }
        }

        private ParsedAttachment Attachment(MimePart part)
        {
            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            var type = part.ContentType.MimeType.ToLowerInvariant();
            var name = SafeFileName(part.FileName);
            if (name.Length == 0)
            {
                // An inline image referenced by Content-ID only, typically a logo in a signature.
                name = $"piece-jointe-{Attachments.Count + 1}{(MimeTypes.TryGetExtension(type, out var extension) ? extension : ".bin")}";
            }

            return new ParsedAttachment(name, type, content.ToArray());
        }

        // A file name is chosen by the sender: no folders, no control characters, a bounded length.
        private static string SafeFileName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return "";
            }

            var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            var clean = new string([.. last.Where(c => !char.IsControl(c) && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*'))]).Trim().TrimStart('.');
            return clean.Length <= 200 ? clean : clean[..200];
        }
    }
}
