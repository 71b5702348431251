using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

public sealed class IndexModel(DirectoryAccess access, ListStructures structures, ListProfessionals professionals) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Profession { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Tab { get; set; } = "structures";

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Archived { get; set; }

    public Page<StructureRow>? Structures { get; private set; }

    public Page<ProfessionalRow>? Professionals { get; private set; }

    public bool CanEdit => DirectoryAccess.CanEdit(User);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var reader = await access.ReaderAsync(User, ct);
        if (Tab == "professionnels")
        {
            Professionals = await professionals.ExecuteAsync(new DirectoryFilter(Q, null, Profession, null, Archived), reader.Scope, PageNumber, null, ct);
        }
        else
        {
            Tab = "structures";
            Structures = await structures.ExecuteAsync(new DirectoryFilter(Q, Kind, null, null, Archived), reader.Scope, PageNumber, null, ct);
        }
    }

    public string Link(int page) =>
        $"/annuaire?tab={Tab}&q={Uri.EscapeDataString(Q ?? "")}&kind={Uri.EscapeDataString(Kind ?? "")}&profession={Uri.EscapeDataString(Profession ?? "")}&archived={Archived}&page={page}";
}
