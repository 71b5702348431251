using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Accounts.Pages.Admin;

public sealed class AuditModel(AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Page<AuditEntry> Entries { get; private set; } = null!;

    public AuditVerification? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await audit.PageAsync(new AuditFilter(Action, Actor), PageNumber, 50, ct);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await audit.VerifyAsync(ct);
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        // Entries keep arriving while the export pages through the log: stop at the latest one now.
        var latest = (await audit.PageAsync(new AuditFilter(), 1, 1, ct)).Items.FirstOrDefault()?.Sequence ?? 0;
        var rows = new List<AuditEntry>();
        for (var page = 1; ; page++)
        {
            var chunk = await audit.PageAsync(new AuditFilter(Action, Actor, UpToSequence: latest), page, Paging.MaxPageSize, ct);
            rows.AddRange(chunk.Items);
            if (!chunk.HasNext)
            {
                break;
            }
        }

        var bytes = Csv.Write(
            ["sequence", "horodatage_utc", "acteur", "action", "cible", "details", "ip", "hash"],
            rows.Select(e => new object?[] { e.Sequence, e.AtUtc.ToString("O"), e.ActorName, e.Action, e.Target, e.Details, e.IpAddress, e.Hash }));
        return File(bytes, "text/csv; charset=utf-8", "journal-audit.csv");
    }
}
