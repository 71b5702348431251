using System.Globalization;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>What the information pages share (the professional's pages use the addresses and sizes too): how a status, a read count and a Paris time read, and the fields refused by the last post.</summary>
public static class DeskPages
{
    public const string Bulletins = "/information/bulletins";

    public const string Messages = "/information/messages";

    public static string Follow(int id) => $"/information/bulletins/{id}/suivi";

    public static string Edit(int id) => $"/information/bulletins/{id}/modifier";

    public static string Message(int id) => $"/information/messages/{id}";

    public static string Attachment(int messageId, int attachmentId) => $"/api/messages/{messageId}/attachments/{attachmentId}";

    /// <summary>"Brouillon", "Programmé pour le 10/04/2020 08:00", "Publié le …", "Retiré".</summary>
    public static string Status(BulletinStatus status, DateTime? publishAtUtc, DateTime? publishedAtUtc) => status switch
    {
        BulletinStatus.Scheduled when publishAtUtc is { } at => $"Programmé pour le {French.DateTime(at)}",
        BulletinStatus.Published when publishedAtUtc is { } at => $"Publié le {French.DateTime(at)}",
        BulletinStatus.Scheduled => "Programmé",
        BulletinStatus.Published => "Publié",
        BulletinStatus.Withdrawn => "Retiré",
        _ => "Brouillon",
    };

    public static string StatusClass(BulletinStatus status) => status switch
    {
        BulletinStatus.Draft => "bulletin-status bulletin-status-draft",
        BulletinStatus.Scheduled => "bulletin-status bulletin-status-scheduled",
        BulletinStatus.Published => "bulletin-status bulletin-status-published",
        _ => "bulletin-status bulletin-status-withdrawn",
    };

    public static string StatusFilterLabel(BulletinStatus status) => status switch
    {
        BulletinStatus.Draft => "Brouillons",
        BulletinStatus.Scheduled => "Programmés",
        BulletinStatus.Published => "Publiés",
        _ => "Retirés",
    };

    /// <summary>"40 %" (whole percent: a coordinator compares, she does not compute).</summary>
    public static string Percent(double share) => $"{Math.Round(share * 100).ToString("0", French.Culture)} %";

    /// <summary>"12 / 30 (40 %)"; "—" before publication.</summary>
    public static string Reads(int reads, int recipients) =>
        recipients == 0 ? "—" : $"{French.Number(reads)} / {French.Number(recipients)} ({Percent((double)reads / recipients)})";

    /// <summary>The value of a datetime-local field for a UTC instant, in Paris time.</summary>
    public static string LocalField(DateTime utc) => French.ToParis(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A datetime-local field (Paris time, no zone); empty gives null, anything else is an error on <paramref name="field"/>.</summary>
    public static DateTime? LocalTime(string? text, string field, string label)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "dd/MM/yyyy HH:mm"];
        return DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
            : throw DomainException.Invalid($"{label} : « {text.Trim()} » n'est pas une date et une heure (jj/mm/aaaa hh:mm).", field);
    }

    public static string Size(int bytes) => bytes switch
    {
        < 1024 => $"{bytes} o",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0", French.Culture)} Ko",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.0", French.Culture)} Mo",
    };

    /// <summary>The first message of a field refused by the last post; null when it is fine.</summary>
    public static string? Error(ModelStateDictionary state, string field) => state[field]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static string Invalid(ModelStateDictionary state, string field) => state[field]?.Errors.Count > 0 ? "is-invalid" : "";

    /// <summary>Puts a refusal of the core next to its field; a conflict (someone else changed it) goes to the top of the page.</summary>
    public static void Refuse(ModelStateDictionary state, DomainException e, Func<string?, string>? map = null) =>
        state.AddModelError(e.Kind == DomainErrorKind.Conflict && e.Field is "version" or "status" ? "" : (map ?? FormFields.Property)(e.Field), e.Message);

    public static IEnumerable<IGrouping<Directory.ProfessionGroup, Directory.Profession>> ProfessionGroups =>
        Directory.Professions.All.GroupBy(p => p.Group);

    public static string GroupLabel(Directory.ProfessionGroup group) => group switch
    {
        Directory.ProfessionGroup.Medical => "Professions médicales",
        Directory.ProfessionGroup.Paramedical => "Auxiliaires médicaux",
        Directory.ProfessionGroup.Pharmacy => "Pharmacie",
        Directory.ProfessionGroup.Support => "Soutien et coordination",
        _ => "Autres",
    };
}
