using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Bulletins.Library.Pages;

/// <summary>What the new-document and new-version forms share: the fields of a version, and how refusals land next to them.</summary>
public abstract class DocumentFormModel : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Themes { get; set; }
    [BindProperty] public List<string> Professions { get; set; } = [];
    [BindProperty] public DateOnly? ValidFrom { get; set; }
    [BindProperty] public DateOnly? ValidUntil { get; set; }
    [BindProperty] public string? ChangeNote { get; set; }

    public IReadOnlyList<string> KnownThemes { get; protected set; } = [];

    public static IReadOnlyList<Profession> ProfessionChoices => Directory.Professions.All;

    public static string IndexedTypes => string.Join(", ", LibraryRules.IndexedExtensions);

    protected IReadOnlyList<string> ThemeList => [Themes ?? ""];

    protected async Task<UploadedFile?> ReadUploadAsync(CancellationToken ct)
    {
        if (Upload is not { Length: > 0 } upload)
        {
            return null;
        }

        if (upload.Length > LibraryRules.MaxFileBytes)
        {
            throw DomainException.Invalid($"Le fichier dépasse {LibraryRules.MaxFileBytes / 1024 / 1024} Mo.", "file");
        }

        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, ct);
        return new UploadedFile(upload.FileName, upload.ContentType, buffer.ToArray());
    }

    /// <summary>The refusal next to its field; a conflict (someone else saved first) above the form.</summary>
    protected void ShowError(DomainException e) =>
        ModelState.AddModelError(e.Field switch
        {
            "file" => nameof(Upload),
            "version" or "episode" or "document" or null => "",
            var field => FormFields.Property(field),
        }, e.Message);
}
