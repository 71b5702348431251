using System.Text.Json;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Regulation;

/// <param name="NextSlot">The first free slot of the place on the orientation's circuit, if the place offers any.</param>
public sealed record PlaceOption(
    int SiteId, string StructureName, string SiteName, string? Address, string CommuneName, string? Phone, double? DistanceKm,
    bool OpenNow, DateTime? NextOpeningUtc, SlotView? NextSlot, int FreeSlots);

public sealed record Evaluation(int ProtocolVersionId, int ProtocolVersion, Orientation Orientation, string? NextQuestion, IReadOnlyList<PlaceOption> Places);

/// <summary>
/// Answers so far → orientation, the rule that fired, and for orientations that send the patient
/// somewhere, the nearest places of the directory that can receive them with their next free slot.
/// Reads only: the call screen asks it after every step.
/// </summary>
public sealed class EvaluateCall(MaillageDb db, ProtocolVersions versions, SearchOffer offer, TimeProvider time)
{
    public const int PlacesShown = 5;

    public async Task<Evaluation> ExecuteAsync(int territoryId, int? protocolVersionId, IReadOnlyDictionary<string, JsonElement>? answers, string? communeCode, UserScope scope, CancellationToken ct = default)
    {
        var (version, protocol) = protocolVersionId is { } id
            ? await versions.PublishedAsync(id, scope, ct)
            : await versions.CurrentAsync(territoryId, scope, ct)
              ?? throw Infrastructure.DomainException.Conflict("Ce territoire n'a pas encore de protocole publié : le coordinateur doit en publier un.", "protocolVersionId");
        if (version.TerritoryId != territoryId)
        {
            throw Infrastructure.DomainException.Invalid("Cette version de protocole est celle d'un autre territoire.", "protocolVersionId");
        }

        var (read, problems) = protocol.ReadAnswers(answers);
        if (problems.Count > 0)
        {
            throw Infrastructure.DomainException.Invalid(problems[0], "answers");
        }

        var orientation = protocol.Evaluate(read);
        var next = orientation.Decided ? null : protocol.Questions.FirstOrDefault(q => !read.ContainsKey(q.Id!))?.Id;
        var places = orientation.Decided && Orientations.Find(orientation.Code) is { NeedsPlace: true } info && !string.IsNullOrWhiteSpace(communeCode)
            ? await PlacesAsync(info, communeCode, scope, ct)
            : [];
        return new Evaluation(version.Id, version.Number, orientation, next, places);
    }

    private async Task<IReadOnlyList<PlaceOption>> PlacesAsync(OrientationInfo info, string communeCode, UserScope scope, CancellationToken ct)
    {
        var found = await offer.ExecuteAsync(new OfferQuery(info.Capabilities, NearCommune: communeCode, Limit: 20), scope, ct);

        // One line per site (a site may offer the capability through several services), open ones first.
        var hits = found.Hits.GroupBy(h => h.SiteId).Select(g => g.OrderByDescending(h => h.Open).First())
            .OrderByDescending(h => h.Open).ThenBy(h => h.DistanceKm ?? double.MaxValue).Take(PlacesShown).ToList();
        var siteIds = hits.Select(h => h.SiteId).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        var free = info.SlotCircuit is { } circuit
            ? await db.Set<Slot>().AsNoTracking()
                .Where(s => siteIds.Contains(s.SiteId) && s.Circuit == circuit && s.WithdrawnAtUtc == null && s.StartUtc > now
                    && !db.Set<SlotBooking>().Any(b => b.SlotId == s.Id && b.CancelledAtUtc == null))
                .OrderBy(s => s.StartUtc).ToListAsync(ct)
            : [];
        return hits.Select(h =>
        {
            var slots = free.Where(s => s.SiteId == h.SiteId).ToList();
            var first = slots.FirstOrDefault();
            return new PlaceOption(h.SiteId, h.StructureName, h.SiteName, h.Address, h.CommuneName, h.Phone, h.DistanceKm, h.Open, h.NextOpeningUtc,
                first is null ? null : new SlotView(first.Id, first.SiteId, $"{h.StructureName} — {h.SiteName}", first.Circuit, first.StartUtc, first.EndUtc, false, null, false),
                slots.Count);
        }).ToList();
    }
}
