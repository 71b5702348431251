using System.Text;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.FollowUp.Pages;

/// <summary>One campaign for its coordinators: progress, the list loaded from a file, the split among professionals, every patient's outcome.</summary>
[RequestSizeLimit(HospitalNoticeBody.MaxBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = HospitalNoticeBody.MaxBytes + (1024 * 1024))]
public sealed class CampaignModel(Outreach outreach, ScopeOfUser scopeOfUser, ListProfessionals professionals) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "issue")] public OutreachOutcome? Outcome { get; set; }

    [BindProperty(SupportsGet = true, Name = "confie")] public int? AssignedTo { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    [BindProperty] public IFormFile? Upload { get; set; }

    [BindProperty] public List<int> ProfessionalIds { get; set; } = [];

    [TempData] public string? Message { get; set; }

    public CampaignView View { get; private set; } = null!;

    public OutreachImportReport? Report { get; private set; }

    public IReadOnlyList<ProfessionalRow> Professionals { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!EpisodeAccess.IsCoordinator(User))
        {
            return Forbid();
        }

        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(int id, CancellationToken ct) =>
        File(await outreach.ExportAsync(id, User, ct), "text/csv; charset=utf-8", $"aller-vers-{id}.csv");

    public IActionResult OnGetTemplate() => File(Csv.Write(Outreach.CsvColumns, []), "text/csv; charset=utf-8", "aller-vers-modele.csv");

    public async Task<IActionResult> OnPostImportAsync(int id, bool dryRun, CancellationToken ct)
    {
        try
        {
            if (Upload is null || Upload.Length == 0)
            {
                throw DomainException.Invalid("Choisissez un fichier CSV.", "file");
            }

            using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            Report = await outreach.ImportAsync(id, await reader.ReadToEndAsync(ct), dryRun, User, ct);
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(nameof(Upload), e.Message);
        }

        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSplitAsync(int id, CancellationToken ct)
    {
        try
        {
            var shares = await outreach.SplitAsync(id, ProfessionalIds, User, ct);
            Message = $"{shares.Sum(s => s.Assigned)} patient(s) répartis : " + string.Join(", ", shares.Select(s => $"{s.Name} {s.Assigned}")) + ". Chacun est prévenu.";
            return Redirect($"/suivi/aller-vers/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(nameof(ProfessionalIds), e.Message);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostCloseAsync(int id, CancellationToken ct)
    {
        try
        {
            await outreach.CloseAsync(id, User, ct);
            Message = "Campagne close : plus d'appel ni de rappel.";
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            Message = e.Message;
        }

        return Redirect($"/suivi/aller-vers/{id}");
    }

    public string Link(int page) => $"/suivi/aller-vers/{View.Campaign.Id}?page={page}{(Outcome is { } o ? $"&issue={o}" : "")}{(AssignedTo is { } a ? $"&confie={a}" : "")}";

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        View = await outreach.ShowAsync(id, Outcome, AssignedTo, PageNumber, User, ct);
        Professionals = (await professionals.ExecuteAsync(new DirectoryFilter(TerritoryId: View.Campaign.TerritoryId), await scopeOfUser.ExecuteAsync(User, ct), 1, Paging.MaxPageSize, ct)).Items;
    }
}
