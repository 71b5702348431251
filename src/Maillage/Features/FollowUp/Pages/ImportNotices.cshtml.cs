using System.Text;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

[RequestSizeLimit(HospitalNoticeBody.MaxBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = HospitalNoticeBody.MaxBytes + (1024 * 1024))]
public sealed class ImportNoticesModel(ScopeOfUser scopeOfUser, NameTerritories territories, ImportDischarges import) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public IFormFile? Upload { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public DischargeImportReport? Report { get; private set; }

    public string? FileName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(bool dryRun, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        try
        {
            if (Upload is null || Upload.Length == 0)
            {
                throw DomainException.Invalid("Choisissez un fichier CSV ou FHIR (JSON).", "file");
            }

            if (Upload.Length > HospitalNoticeBody.MaxBytes)
            {
                throw DomainException.Invalid("Le fichier dépasse 10 Mo : découpez-le.", "file");
            }

            FileName = Upload.FileName;
            using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            Report = await import.ExecuteAsync(TerritoryId!.Value, await reader.ReadToEndAsync(ct), dryRun, User, ct);
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(nameof(Upload), e.Message);
        }

        return Page();
    }

    public IActionResult OnGetTemplate() =>
        File(Csv.Write(DischargeFiles.CsvColumns, []), "text/csv; charset=utf-8", "avis-hospitaliers-modele.csv");

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!HospitalAccess.MayRecord(User))
        {
            return false;
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        return TerritoryId is not null;
    }
}
