using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Regulation;
using Maillage.Infrastructure;

namespace Maillage.Features.Demo;

/// <summary>
/// Regulation ready to try: the example protocol published (it is marked as an example to be validated by
/// the team's doctors), and slots over the coming week at the Covid centre (suspect circuit, afternoons)
/// and at the MSP du Salagou (non-suspect, mornings), counted from the day the demo is loaded.
/// </summary>
public sealed class DemoRegulation(ProtocolVersions versions, SaveProtocolDraft save, PublishProtocol publish, LabelSites sites, OfferSlots offer, TimeProvider time)
{
    private static readonly UserScope Everything = UserScope.Everything;
    private static readonly Actor Loader = Actor.CommandLine;

    public async Task ExecuteAsync(int territoryId, CancellationToken ct = default)
    {
        if ((await versions.ListAsync(territoryId, Everything, ct)).Count > 0)
        {
            return;
        }

        var draft = await save.ExecuteAsync(territoryId, ProtocolJson.DefaultText(), "Protocole exemple de démonstration", null, Loader, Everything, ct);
        await publish.ExecuteAsync(draft.Version.Id, Loader, Everything, ct);

        var all = await sites.OfTerritoryAsync(territoryId, ct);
        var covid = all.FirstOrDefault(s => s.StructureName.StartsWith("Centre Covid", StringComparison.Ordinal));
        var msp = all.FirstOrDefault(s => s.StructureName.StartsWith("MSP du Salagou", StringComparison.Ordinal));
        var today = French.Today(time);
        for (var day = today.AddDays(1); day <= today.AddDays(7); day = day.AddDays(1))
        {
            if (day.DayOfWeek == DayOfWeek.Sunday)
            {
                continue;
            }

            if (covid is not null)
            {
                await offer.ExecuteAsync(covid.SiteId, Circuit.Suspect, day, new TimeOnly(14, 0), new TimeOnly(18, 0), 20, Loader, Everything, ct);
            }

            if (msp is not null && day.DayOfWeek != DayOfWeek.Saturday)
            {
                await offer.ExecuteAsync(msp.SiteId, Circuit.NonSuspect, day, new TimeOnly(9, 0), new TimeOnly(12, 0), 15, Loader, Everything, ct);
            }
        }
    }
}
