using System.Text.Json.Serialization;

namespace Maillage.Features.Rosters;

/// <summary>
/// A roster problem, independent of the database: what the solver reads, and what
/// <c>maillage roster solve --in</c> takes as JSON (see docs/user-guide/roster-solver-format.md).
/// Times are local wall-clock times in Europe/Paris.
/// </summary>
public sealed record RosterInstance(
    RosterLimits? Rules,
    IReadOnlyList<RosterRole> Roles,
    IReadOnlyList<RosterShift> Shifts,
    IReadOnlyList<RosterVolunteer> Volunteers,
    IReadOnlyList<RosterAssignment>? Locked = null)
{
    [JsonIgnore]
    public RosterLimits Limits => Rules ?? new RosterLimits();
}

/// <param name="MinRestMinutes">The least time between the end of one shift and the start of the next for one person.</param>
/// <param name="MaxShiftsPerWeek">The most shifts one person holds in a week (Monday to Sunday).</param>
public sealed record RosterLimits(int MinRestMinutes = 60, int MaxShiftsPerWeek = 5);

public sealed record RosterRole(string Id, string Label, IReadOnlyList<string> Professions, bool Exposed);

/// <param name="Needs">Required headcount per role id.</param>
public sealed record RosterShift(string Id, string Centre, DateTime Start, DateTime End, IReadOnlyDictionary<string, int> Needs);

/// <param name="Available">The shift ids this person said they can do.</param>
public sealed record RosterVolunteer(
    string Id,
    string Name,
    string Profession,
    bool AtRisk,
    IReadOnlyList<string> Available,
    string? PreferredCentre = null,
    IReadOnlyList<string>? PreferredPartners = null);

public sealed record RosterAssignment(string Shift, string Role, string Volunteer);

public enum UncoveredReason
{
    NobodyAvailable,
    NobodyQualified,
    AtRiskOnly,
    AllTaken,
}

public sealed record SolvedAssignment(string Shift, string Role, string Volunteer, bool Locked);

public sealed record UncoveredSlot(string Shift, string Role, int Missing, UncoveredReason Reason, string Explanation);

/// <param name="Fairness">Sum over volunteers of the square of their number of shifts: lower is fairer for the same coverage.</param>
/// <param name="PreferencesMet">Assignments at the volunteer's preferred centre plus shifts shared with a preferred partner.</param>
public sealed record RosterStats(int Required, int Covered, double CoveragePercent, long Fairness, int MaxLoad, int VolunteersUsed, int PreferencesMet, double ElapsedMilliseconds);

/// <param name="Warnings">Locked assignments that break a hard rule: kept, since a person decided them, but flagged.</param>
public sealed record RosterSolution(
    IReadOnlyList<SolvedAssignment> Assignments,
    IReadOnlyList<UncoveredSlot> Uncovered,
    IReadOnlyList<string> Warnings,
    RosterStats Stats);
