using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>The receipt a donor takes away: printable, one page.</summary>
public sealed class DonationReceiptModel(StockReads reads) : PageModel
{
    public DonationReceipt Receipt { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!EquipmentAccess.MayHandle(User))
        {
            return Forbid();
        }

        Receipt = await reads.DonationReceiptAsync(id, User, ct);
        return Page();
    }
}
