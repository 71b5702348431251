using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>
/// Asking for equipment: a professional's short form and their own requests; for coordinators, the territory's queue,
/// requests on behalf of a structure or a professional, and refusals with a reason.
/// </summary>
public sealed class RequestsModel(
    ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, EquipmentRequests requests, FindOwnEntry findOwnEntry, ListProfessionals professionals)
    : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "statut")] public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "article")] public int? ItemFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    [BindProperty] public int? ItemId { get; set; }

    // Text, so that a wrong entry stays in the field with its message.
    [BindProperty] public string? Quantity { get; set; }

    [BindProperty] public string? Reason { get; set; }

    [BindProperty] public string? Urgency { get; set; } = "normal";

    [BindProperty] public bool HomeVisits { get; set; }

    [BindProperty] public bool SuspectedInfection { get; set; }

    [BindProperty] public string? Professional { get; set; }

    [BindProperty] public string? StructureName { get; set; }

    [BindProperty] public string? Note { get; set; }

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<ItemView> Items { get; private set; } = [];

    public Page<RequestView>? Mine { get; private set; }

    public Page<RequestView>? Queue { get; private set; }

    public IReadOnlyList<ProfessionalRow> Directory { get; private set; } = [];

    /// <summary>Why this professional cannot ask: their account is linked to no directory entry.</summary>
    public string? NoEntry { get; private set; }

    /// <summary>The request whose refusal was just refused (a reason is needed): its form opens again with the error.</summary>
    public int? RefusingId { get; private set; }

    public bool IsCoordinator => EquipmentAccess.IsCoordinator(User);

    public bool MayRequest => EquipmentAccess.MayRequest(User);

    public bool SeesQueue => EquipmentAccess.MayHandle(User);

    public RequestStatus? Status => EquipmentLabels.TryParse<RequestStatus>(StatusFilter, out var s) ? s : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await TerritoryAsync(ct) || !MayRequest)
        {
            return Forbid();
        }

        try
        {
            var quantity = CoordinationPages.Whole(Quantity, "quantity", "Quantité");
            if (!EquipmentLabels.TryParse<RequestUrgency>(Urgency, out var urgency))
            {
                throw DomainException.Invalid("Choisissez l'urgence.", "urgency");
            }

            int? professionalId = null;
            if (IsCoordinator && !string.IsNullOrWhiteSpace(Professional))
            {
                if (!string.IsNullOrWhiteSpace(StructureName))
                {
                    throw DomainException.Invalid("Indiquez soit un professionnel, soit une structure, pas les deux.", "structureName");
                }

                professionalId = await ProfessionalAsync(Professional, ct);
            }

            var id = await requests.CreateAsync(TerritoryId!.Value,
                new NewRequest(ItemId ?? throw DomainException.Invalid("Choisissez l'article.", "itemId"), quantity, Reason, urgency, HomeVisits, SuspectedInfection,
                    professionalId, IsCoordinator ? StructureName : null), User, ct);
            Message = $"Demande n° {id} enregistrée. La coordination la traitera avec les autres selon le stock disponible.";
            return Redirect(Link(null));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field switch
            {
                "professionalId" => IsCoordinator ? "Professional" : "",
                var f => FormFields.Property(f),
            }, e.Message);
            return await LoadAsync(ct) ? Page() : Forbid();
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken ct)
    {
        if (!await TerritoryAsync(ct))
        {
            return Forbid();
        }

        try
        {
            await requests.CancelAsync(TerritoryId!.Value, id, null, User, ct);
            Message = $"Demande n° {id} annulée.";
            return Redirect(Link(PageNumber));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            return await LoadAsync(ct) ? Page() : Forbid();
        }
    }

    public async Task<IActionResult> OnPostRefuseAsync(int id, CancellationToken ct)
    {
        if (!await TerritoryAsync(ct) || !IsCoordinator)
        {
            return Forbid();
        }

        try
        {
            await requests.RefuseAsync(TerritoryId!.Value, id, Note, User, ct);
            Message = $"Demande n° {id} refusée ; le demandeur voit le motif.";
            return Redirect(Link(PageNumber));
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            RefusingId = id;
            ModelState.AddModelError(e.Field == "note" ? "Note" : "", e.Message);
            return await LoadAsync(ct) ? Page() : Forbid();
        }
    }

    public string Link(int? page) =>
        $"/materiel/demandes?territoire={TerritoryId}{(Status is { } s ? $"&statut={EquipmentLabels.Kebab(s)}" : "")}{(ItemFilter is { } i ? $"&article={i}" : "")}{(page is > 1 ? $"&page={page}" : "")}";

    private async Task<bool> TerritoryAsync(CancellationToken ct)
    {
        if (!MayRequest && !SeesQueue)
        {
            return false;
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        return TerritoryId is not null;
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!await TerritoryAsync(ct))
        {
            return false;
        }

        var territory = TerritoryId!.Value;
        Items = await catalogue.ItemsAsync(territory, ct: ct);
        if (!IsCoordinator && User.IsInRole(Roles.Professional) && await findOwnEntry.ExecuteAsync(User, ct) is null)
        {
            NoEntry = "Votre compte n'est relié à aucune fiche de l'annuaire : vous ne pouvez pas encore demander de matériel. Demandez à la coordination de vous inscrire dans l'annuaire avec l'adresse électronique de votre compte.";
        }

        if (SeesQueue)
        {
            Queue = await requests.ListAsync(territory, new RequestFilter(Status, ItemFilter), PageNumber, 25, User, ct);
        }
        else
        {
            Mine = await requests.ListAsync(territory, new RequestFilter(Mine: true), PageNumber, 25, User, ct);
        }

        if (IsCoordinator)
        {
            Directory = (await professionals.ExecuteAsync(new DirectoryFilter(TerritoryId: territory), await scopeOfUser.ExecuteAsync(User, ct), 1, Paging.MaxPageSize, ct)).Items;
        }

        return true;
    }

    /// <summary>The professional picked by name in the directory list (or typed: the only one whose name contains it).</summary>
    private async Task<int> ProfessionalAsync(string typed, CancellationToken ct)
    {
        var found = (await professionals.ExecuteAsync(new DirectoryFilter(typed.Trim(), TerritoryId: TerritoryId), await scopeOfUser.ExecuteAsync(User, ct), 1, Paging.MaxPageSize, ct)).Items;
        var exact = found.Where(p => string.Equals(p.Name, typed.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count == 1 ? exact[0].Id
            : found.Count == 1 ? found[0].Id
            : throw DomainException.Invalid(found.Count == 0
                ? $"« {typed.Trim()} » n'est pas un professionnel de l'annuaire du territoire : choisissez-le dans la liste, ou indiquez une structure."
                : $"Plusieurs professionnels répondent à « {typed.Trim()} » : choisissez-le dans la liste.", "professional");
    }
}
