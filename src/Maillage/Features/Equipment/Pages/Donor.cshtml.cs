using Maillage.Data;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Equipment.Pages;

/// <summary>One donor's thank-you list: every donation, printable as a letter.</summary>
public sealed class DonorModel(EquipmentCatalogue catalogue, StockReads reads, MaillageDb db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int TerritoryId { get; set; }

    public Donor? Donor { get; private set; }

    public IReadOnlyList<OperationView> Donations { get; private set; } = [];

    public string TerritoryName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
        }

        if (TerritoryId == 0)
        {
            // Links from elsewhere may omit the territory: the donor's own is read, then checked against the reader's scope.
            TerritoryId = await db.Set<Donor>().AsNoTracking().Where(d => d.Id == id).Select(d => d.TerritoryId).FirstOrDefaultAsync(ct);
        }

        await catalogue.ScopeAsync(User, TerritoryId, ct);
        Donor = await catalogue.DonorAsync(TerritoryId, id, ct);
        Donations = (await reads.OperationsAsync(TerritoryId, new OperationFilter(Kind: OperationKind.Donation, DonorId: id), 1, Paging.MaxPageSize, User, ct)).Items
            .OrderBy(o => o.AtUtc).ToList();
        return Page();
    }
}
