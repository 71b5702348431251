using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

public sealed class ServiceEditModel(
    DirectoryAccess access, ShowStructure show, LocateSite locateSite, LocateService locateService,
    SaveCareService save, ChangeServiceException changeException) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Capabilities { get; set; } = [];
    [BindProperty] public string? WeeklyHours { get; set; }
    [BindProperty] public bool IsActive { get; set; } = true;
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public DateOnly? ExceptionDate { get; set; }
    [BindProperty] public bool ExceptionClosed { get; set; } = true;
    [BindProperty] public string? ExceptionHours { get; set; }
    [BindProperty] public string? ExceptionReason { get; set; }

    public StructureView Structure { get; private set; } = null!;

    public SiteView Site { get; private set; } = null!;

    public ServiceView? Service { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(int? id, int? siteId, CancellationToken ct)
    {
        await LoadAsync(id, siteId, ct);
        if (Service is { } s)
        {
            (Name, Capabilities, WeeklyHours, IsActive, Version) = (s.Name, s.Capabilities.ToList(), s.WeeklyHours, s.IsActive, s.Version);
        }
        else
        {
            WeeklyHours = "lu-ve 08:30-12:30,13:30-18:30";
        }
    }

    public async Task<IActionResult> OnPostAsync(int? id, int? siteId, CancellationToken ct)
    {
        await LoadAsync(id, siteId, ct);
        try
        {
            await save.ExecuteAsync(id, new ServiceInput(Site.Id, Name, Capabilities, WeeklyHours, IsActive), Version, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            TempData["Message"] = "Service enregistré.";
            return Redirect($"/annuaire/structures/{Structure.Id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostExceptionAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, null, ct);
        try
        {
            if (ExceptionDate is null)
            {
                throw DomainException.Invalid("Indiquez la date de l'exception.", "exceptionDate");
            }

            await changeException.ExecuteAsync(id, ExceptionDate.Value, ExceptionHours, ExceptionClosed, ExceptionReason, false, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
            Message = $"Exception du {ExceptionDate:dd/MM/yyyy} enregistrée.";
            return Redirect($"/annuaire/services/{id}/modifier");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field == "hours" ? nameof(ExceptionHours) : FormFields.Property(e.Field), e.Message);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRemoveExceptionAsync(int id, DateOnly date, CancellationToken ct)
    {
        await changeException.ExecuteAsync(id, date, null, false, null, true, Actor.From(User), (await access.ReaderAsync(User, ct)).Scope, ct);
        Message = $"Exception du {date:dd/MM/yyyy} retirée.";
        return Redirect($"/annuaire/services/{id}/modifier");
    }

    private async Task LoadAsync(int? id, int? siteId, CancellationToken ct)
    {
        var (structureId, resolvedSiteId) = id is { } serviceId
            ? await locateService.ExecuteAsync(serviceId, ct)
            : (await locateSite.ExecuteAsync(siteId ?? 0, ct), siteId!.Value);
        var details = await show.ExecuteAsync(structureId, await access.ReaderAsync(User, ct), ct);
        Structure = details.Structure;
        Site = details.Sites.Single(s => s.Id == resolvedSiteId);
        Service = id is null ? null : Site.Services.Single(s => s.Id == id);
    }
}
