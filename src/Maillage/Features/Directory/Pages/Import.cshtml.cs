using System.Text;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

[RequestSizeLimit(ImportModel.MaxFileBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ImportModel.MaxFileBytes + (1024 * 1024))]
public sealed class ImportModel(DirectoryAccess access, ImportDirectory import, ExportDirectory export, NameTerritories territoryNames) : PageModel
{
    public const long MaxFileBytes = 50 * 1024 * 1024;

    [BindProperty]
    public int TerritoryId { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public ImportReport? Report { get; private set; }

    public string? FileName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(bool dryRun, CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            if (Upload is null || Upload.Length == 0)
            {
                throw DomainException.Invalid("Choisissez un fichier CSV.", "file");
            }

            if (Upload.Length > MaxFileBytes)
            {
                throw DomainException.Invalid("Le fichier dépasse 50 Mo : découpez-le.", "file");
            }

            FileName = Upload.FileName;
            using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var text = await reader.ReadToEndAsync(ct);
            Report = await import.ExecuteAsync(text, TerritoryId, dryRun, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field == "territory" ? nameof(TerritoryId) : nameof(Upload), e.Message);
        }

        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(int territory, CancellationToken ct) =>
        File(await export.ExecuteAsync(territory, (await access.ReaderAsync(User, ct)).Scope, ct), "text/csv; charset=utf-8", $"annuaire-territoire-{territory}.csv");

    public IActionResult OnGetTemplate() =>
        File(Csv.Write(DirectoryCsv.Columns, []), "text/csv; charset=utf-8", "annuaire-modele.csv");

    private async Task LoadAsync(CancellationToken ct)
    {
        Territories = await territoryNames.ExecuteAsync(null, ct, (await access.ReaderAsync(User, ct)).Scope);
        if (TerritoryId == 0 && Territories.Count > 0)
        {
            TerritoryId = Territories.Keys.First();
        }
    }
}
