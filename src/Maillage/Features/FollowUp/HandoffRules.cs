namespace Maillage.Features.FollowUp;

/// <summary>A professional who might take a patient over, with what the choice depends on.</summary>
/// <param name="Load">Episodes they own and that are still open.</param>
/// <param name="DistanceKm">From their practice to the patient's commune; null when either is not located.</param>
public sealed record HandoffCandidate(int ProfessionalId, string Name, bool AcceptsNewPatients, int Load, double? DistanceKm);

/// <summary>Where a handoff request stands.</summary>
public enum HandoffStatus
{
    Pending,
    Accepted,
    Declined,
    TimedOut,
    Cancelled,
}

/// <summary>
/// Who is asked to take a patient over, in which order, and when the coordinator must step in. Pure
/// rules: the use cases feed them the directory's facts and the requests already made.
/// </summary>
public static class HandoffRules
{
    /// <summary>
    /// The patient's regular doctor first, when they are in the directory; then the volunteer GPs of the
    /// territory who accept new patients, the least loaded first, then the nearest, then by name — fair
    /// to colleagues, close for the patient. Anyone already asked for this episode is not asked again.
    /// </summary>
    public static IReadOnlyList<HandoffCandidate> Order(int? regularDoctorId, IReadOnlyList<HandoffCandidate> practitioners, IReadOnlySet<int> alreadyAsked)
    {
        var ordered = new List<HandoffCandidate>();
        if (regularDoctorId is { } doctor && practitioners.FirstOrDefault(p => p.ProfessionalId == doctor) is { } regular && !alreadyAsked.Contains(doctor))
        {
            ordered.Add(regular);
        }

        ordered.AddRange(practitioners
            .Where(p => p.AcceptsNewPatients && p.ProfessionalId != regularDoctorId && !alreadyAsked.Contains(p.ProfessionalId))
            .OrderBy(p => p.Load)
            .ThenBy(p => p.DistanceKm ?? double.MaxValue)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.ProfessionalId));
        return ordered;
    }

    /// <summary>The coordinator is alerted once, when the number of refusals and timeouts reaches the limit.</summary>
    public static bool AlertsCoordinator(int failures, int maxFailures) => failures == maxFailures;
}
