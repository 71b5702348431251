using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Pages;

/// <summary>
/// Recording a message received: its text pasted with its source and date, or the .eml file exported from the mail
/// client. The same message recorded twice is pointed out; the coordinator may still keep it.
/// </summary>
[Authorize]
[RequestSizeLimit(EmlParser.MaxBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = EmlParser.MaxBytes + (1024 * 1024))]
public sealed class DeskNewMessageModel(ScopeOfUser scopeOfUser, NameTerritories territories, IncomingMessages messages, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public string? Source { get; set; }

    [BindProperty] public string? SenderName { get; set; }

    [BindProperty] public string? SenderAddress { get; set; }

    /// <summary>datetime-local, Paris time; text so that a wrong one stays in the field.</summary>
    [BindProperty] public string? ReceivedAt { get; set; }

    [BindProperty] public string? Subject { get; set; }

    [BindProperty] public string? Body { get; set; }

    [BindProperty] public List<string> Themes { get; set; } = [];

    [BindProperty] public List<string> Professions { get; set; } = [];

    [BindProperty] public bool AllowDuplicate { get; set; }

    [BindProperty] public IFormFile? Upload { get; set; }

    /// <summary>Empty: guessed from the sender's address.</summary>
    [BindProperty] public string? FileSource { get; set; }

    [BindProperty] public List<string> FileThemes { get; set; } = [];

    [BindProperty] public List<string> FileProfessions { get; set; } = [];

    [BindProperty] public bool FileAllowDuplicate { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    /// <summary>The message already recorded that the one sent repeats; <see cref="DuplicateIn"/> says which form.</summary>
    public DuplicateFound? Duplicate { get; private set; }

    /// <summary>"texte" or "fichier".</summary>
    public string? DuplicateIn { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        await TerritoryAsync(ct);
        ReceivedAt ??= DeskPages.LocalField(time.GetUtcNow().UtcDateTime);
        return Page();
    }

    /// <summary>The pasted message.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        if (!await TerritoryAsync(ct))
        {
            return Page();
        }

        try
        {
            var source = EnumText.TryParse<MessageSource>(Source, out var s) ? s : throw DomainException.Invalid("Indiquez la source du message.", "source");
            var received = DeskPages.LocalTime(ReceivedAt, "receivedAt", "Date de réception");
            var saved = await messages.RecordAsync(new MessageInput(TerritoryId!.Value, source, SenderName, SenderAddress, received, Subject, Body, null, Themes, Professions,
                AllowDuplicate: AllowDuplicate), User, ct);
            return Recorded(saved);
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            if (e.Field == "duplicate")
            {
                DuplicateIn = "texte";
                Duplicate = await messages.FindDuplicateAsync(TerritoryId!.Value, Subject?.Trim() ?? "", (Body ?? "").Replace("\r\n", "\n").Trim(), null, ct);
            }

            ModelState.AddModelError(e.Field == "duplicate" ? nameof(AllowDuplicate) : FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    /// <summary>The uploaded .eml file.</summary>
    public async Task<IActionResult> OnPostFileAsync(CancellationToken ct)
    {
        if (!BulletinAccess.MayPublish(User))
        {
            return Forbid();
        }

        if (!await TerritoryAsync(ct))
        {
            return Page();
        }

        ReceivedAt ??= DeskPages.LocalField(time.GetUtcNow().UtcDateTime);
        byte[]? content = null;
        try
        {
            if (Upload is null || Upload.Length == 0)
            {
                throw DomainException.Invalid("Choisissez le fichier .eml du message (dans votre messagerie : « Enregistrer sous » ou glisser le message sur le bureau).", "file");
            }

            if (Upload.Length > EmlParser.MaxBytes)
            {
                throw DomainException.Invalid("Le fichier dépasse 20 Mo.", "file");
            }

            var source = EnumText.Parse<MessageSource>(FileSource, "fileSource");
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
            buffer.Position = 0;
            var saved = await messages.ImportEmlAsync(buffer, TerritoryId!.Value, source, FileThemes, FileProfessions, FileAllowDuplicate, User, ct);
            return Recorded(saved);
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            if (e.Field == "duplicate" && content is not null)
            {
                DuplicateIn = "fichier";
                var parsed = EmlParser.Parse(new MemoryStream(content));
                Duplicate = await messages.FindDuplicateAsync(TerritoryId!.Value, parsed.Subject.Trim(), parsed.Text.Replace("\r\n", "\n").Trim(), parsed.MessageId, ct);
            }

            ModelState.AddModelError(e.Field switch
            {
                "duplicate" => nameof(FileAllowDuplicate),
                "themes" => nameof(FileThemes),
                "professions" => nameof(FileProfessions),
                "source" or "fileSource" => nameof(FileSource),
                _ => nameof(Upload),
            }, e.Message);
            return Page();
        }
    }

    private IActionResult Recorded(RecordedMessage saved)
    {
        var attachments = saved.Attachments.Count switch { 0 => "", 1 => " avec 1 pièce jointe", var n => $" avec {n} pièces jointes" };
        Message = $"Message n° {saved.Id} enregistré{attachments}.{(saved.DuplicateOfId is { } d ? $" Il est marqué comme doublon du n° {d}." : "")}";
        return Redirect(DeskPages.Message(saved.Id));
    }

    private async Task<bool> TerritoryAsync(CancellationToken ct)
    {
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        return TerritoryId is not null;
    }
}
