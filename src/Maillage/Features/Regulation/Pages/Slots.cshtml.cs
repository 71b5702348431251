using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Regulation.Pages;

/// <summary>Sites offer consultation slots to regulation, by circuit; the week ahead shows what is free and what is taken.</summary>
[Authorize(Policy = RegulationFeature.SlotsPolicy)]
public sealed class SlotsModel(ScopeOfUser scopeOfUser, OpenRegulationDesk desk, LabelSites sites, OfferSlots offer, ListSlots list, WithdrawSlot withdraw, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public int? SiteId { get; set; }

    [BindProperty] public Circuit Circuit { get; set; } = Circuit.Suspect;

    [BindProperty] public DateOnly? Date { get; set; }

    [BindProperty] public TimeOnly? From { get; set; }

    [BindProperty] public TimeOnly? To { get; set; }

    [BindProperty] public int Minutes { get; set; } = 15;

    [TempData] public string? Message { get; set; }

    public string TerritoryName { get; private set; } = "";

    public IReadOnlyList<SiteLabel> Sites { get; private set; } = [];

    public IReadOnlyList<SlotView> Upcoming { get; private set; } = [];

    public bool CanOffer => RegulationAccess.CanOfferSlots(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostOfferAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !CanOffer)
        {
            return Forbid();
        }

        try
        {
            if (SiteId is not { } site || Date is not { } date || From is not { } from || To is not { } to)
            {
                throw DomainException.Invalid("Choisissez le site, le jour et la plage horaire.", SiteId is null ? nameof(SiteId) : Date is null ? nameof(Date) : nameof(From));
            }

            var created = await offer.ExecuteAsync(site, Circuit, date, from, to, Minutes, Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
            Message = $"{created} créneau(x) proposé(s) à la régulation.";
            return Redirect($"/regulation/creneaux?territoire={TerritoryId}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field switch { "siteId" => nameof(SiteId), "minutes" => nameof(Minutes), "to" => nameof(To), "from" => nameof(From), "date" => nameof(Date), null => "", var f => f }, e.Message);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int slotId, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !CanOffer)
        {
            return Forbid();
        }

        try
        {
            await withdraw.ExecuteAsync(slotId, Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
            Message = "Créneau retiré.";
            return Redirect($"/regulation/creneaux?territoire={TerritoryId}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var opened = await desk.ExecuteAsync(User, TerritoryId, ct);
        var scope = opened.Scope;
        TerritoryId = opened.TerritoryId;
        if (TerritoryId is not { } territory)
        {
            return false;
        }

        TerritoryName = opened.TerritoryName;
        Sites = await sites.OfTerritoryAsync(territory, ct);
        var now = time.GetUtcNow().UtcDateTime;
        Upcoming = await list.ExecuteAsync(territory, now, now.AddDays(7), null, scope, ct);
        Date ??= French.DateOf(now).AddDays(1);
        return true;
    }
}
