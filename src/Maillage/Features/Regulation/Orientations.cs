namespace Maillage.Features.Regulation;

/// <param name="Capabilities">What a directory service must offer to receive the patient (codes of the directory's vocabulary); empty when the answer is not a place of the directory.</param>
/// <param name="NeedsPlace">The secretary books or names a concrete place.</param>
/// <param name="SlotCircuit">The circuit whose slots fit this orientation; null when no slot is booked (the 15, the regular doctor, a home visit).</param>
public sealed record OrientationInfo(string Code, string Label, string Instruction, IReadOnlyList<string> Capabilities, bool NeedsPlace, Circuit? SlotCircuit);

/// <summary>
/// Where a call can send a patient. The set is fixed — rules choose among them — because each one maps to
/// something the platform does: nothing (call 15), the regular doctor, or a kind of place in the directory.
/// </summary>
public static class Orientations
{
    public const string Emergency = "appel-15";
    public const string RegularDoctor = "medecin-traitant";
    public const string NoRegularDoctor = "lieu-sans-medecin-traitant";
    public const string Testing = "depistage";
    public const string UsualCircuit = "circuit-habituel";
    public const string HomeNurse = "visite-infirmiere";

    public static readonly IReadOnlyList<OrientationInfo> All =
    [
        new(Emergency, "Appeler le 15 maintenant", "Signe de gravité : transférer l'appel au 15 (SAMU) sans attendre, rester en ligne si possible.", [], false, null),
        new(RegularDoctor, "Médecin traitant", "Orienter vers le médecin traitant : téléconsultation ou créneau dédié.", [], false, null),
        new(NoRegularDoctor, "Lieu qui reçoit les patients sans médecin traitant", "Proposer le lieu ouvert le plus proche qui reçoit les patients sans médecin traitant, et y réserver un créneau.", ["no-regular-doctor"], true, Circuit.Suspect),
        new(Testing, "Dépistage", "Orienter vers un lieu de prélèvement proche.", ["pcr-sampling"], true, Circuit.Suspect),
        new(UsualCircuit, "Circuit habituel (non infectieux)", "Pas de signe d'infection : rendez-vous habituel, circuit non infectieux.", ["unscheduled-care"], true, Circuit.NonSuspect),
        new(HomeNurse, "Visite à domicile d'une infirmière", "Le patient ne peut pas se déplacer : organiser le passage d'une infirmière.", ["home-visits"], true, null),
    ];

    public static OrientationInfo? Find(string? code) => All.FirstOrDefault(o => o.Code == code);
}
