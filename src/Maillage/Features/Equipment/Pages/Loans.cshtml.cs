using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>Lendable equipment: who has each concentrator, saturometer or vehicle, until when; lend, take back, service, retire.</summary>
public sealed class LoansModel(ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, Loans loans, ListProfessionals professionals, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public int UnitId { get; set; }

    [BindProperty] public int Version { get; set; }

    [BindProperty] public string? Borrower { get; set; }

    [BindProperty] public string? Purpose { get; set; }

    [BindProperty] public DateOnly? DueOn { get; set; }

    [BindProperty] public string? Note { get; set; }

    [BindProperty] public bool NeedsMaintenance { get; set; }

    [BindProperty] public string? Status { get; set; }

    [BindProperty] public int ItemId { get; set; }

    [BindProperty] public int DepotId { get; set; }

    [BindProperty] public string? Label { get; set; }

    [BindProperty] public string? SerialNumber { get; set; }

    [BindProperty] public string? Owner { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<LendableView> Units { get; private set; } = [];

    public IReadOnlyList<ItemView> Items { get; private set; } = [];

    public IReadOnlyList<DepotView> Depots { get; private set; } = [];

    public IReadOnlyList<ProfessionalRow> Professionals { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        DueOn = Today.AddDays(14);
        return Page();
    }

    public Task<IActionResult> OnPostRegisterAsync(CancellationToken ct) =>
        ActAsync(ct, async t =>
        {
            var id = await loans.RegisterAsync(t, new UnitRequest(ItemId, DepotId, Label, SerialNumber, Owner), User, ct);
            return $"« {Label?.Trim()} » ajouté au parc (n° {id}).";
        });

    public Task<IActionResult> OnPostLendAsync(CancellationToken ct) =>
        ActAsync(ct, async t =>
        {
            var unit = Units.FirstOrDefault(u => u.Id == UnitId) ?? throw DomainException.Invalid("Choisissez un appareil disponible.", "unitId");
            var typed = Borrower?.Trim();
            var professional = Professionals.FirstOrDefault(p => string.Equals(p.Name, typed, StringComparison.OrdinalIgnoreCase));
            await loans.LendAsync(t, UnitId, new LendRequest(professional?.Id, professional is null ? typed : null, Purpose, DueOn, unit.Version), User, ct);
            return $"« {unit.Label} » prêté à {professional?.Name ?? typed} jusqu'au {DueOn:dd/MM/yyyy}.";
        });

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) =>
        ActAsync(ct, async t =>
        {
            await loans.ReturnAsync(t, UnitId, new ReturnRequest(Note, NeedsMaintenance, Version), User, ct);
            return NeedsMaintenance ? "Retour enregistré ; l'appareil part en maintenance." : "Retour enregistré ; l'appareil est de nouveau disponible.";
        });

    public Task<IActionResult> OnPostStatusAsync(CancellationToken ct) =>
        ActAsync(ct, async t =>
        {
            var status = EquipmentLabels.TryParse<LendableStatus>(Status, out var s) ? s : throw DomainException.Invalid("État inconnu.", "status");
            await loans.SetStatusAsync(t, UnitId, status, Version, User, ct);
            return $"Appareil : {EquipmentLabels.Of(status).ToLowerInvariant()}.";
        });

    private async Task<IActionResult> ActAsync(CancellationToken ct, Func<int, Task<string>> act)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        try
        {
            Message = await act(TerritoryId!.Value);
            return Redirect($"/materiel/prets?territoire={TerritoryId}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field switch { "borrowerName" or "borrowerProfessionalId" => "Borrower", null => "", _ => FormFields.Property(e.Field) }, e.Message);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return false;
        }

        Today = French.Today(time);
        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is { } t)
        {
            Units = await loans.ListAsync(t, User, ct);
            Items = await catalogue.ItemsAsync(t, lendable: true, ct);
            Depots = (await catalogue.DepotsAsync(t, ct)).Where(d => d.Active).ToList();
            Professionals = (await professionals.ExecuteAsync(new DirectoryFilter(TerritoryId: t), await scopeOfUser.ExecuteAsync(User, ct), 1, Paging.MaxPageSize, ct)).Items;
        }

        return true;
    }
}
