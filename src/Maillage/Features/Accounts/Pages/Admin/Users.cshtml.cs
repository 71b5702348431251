using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Accounts.Pages.Admin;

public sealed class UsersModel(ListUsers list) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    [TempData]
    public string? Message { get; set; }

    public Page<UserView> Users { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Users = await list.ExecuteAsync(Search, PageNumber, ct);
}
