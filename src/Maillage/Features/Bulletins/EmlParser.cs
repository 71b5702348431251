// Placeholder of the parser's interface until its implementation lands.
namespace Maillage.Features.Bulletins;
public sealed record ParsedAttachment(string FileName, string ContentType, byte[] Content);
public sealed record ParsedEmail(string? MessageId, string? FromName, string? FromAddress, DateTime? DateUtc, string Subject, string Text, string? Html, IReadOnlyList<ParsedAttachment> Attachments);
public static class EmlParser
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public static ParsedEmail Parse(Stream stream) => throw new NotImplementedException();
    public static string Fingerprint(string subject, string text) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Maillage.Infrastructure.TextNormalizer.Fold(subject + text))));
}
