namespace Maillage.Features.Directory;

public enum ProfessionGroup
{
    Medical,
    Paramedical,
    Pharmacy,
    Support,
    Other,
}

public sealed record Profession(string Code, string Label, ProfessionGroup Group, bool HasRpps);

/// <summary>The professions of primary care (PRODUCT.md §1), with the support staff.</summary>
public static class Professions
{
    public const string GeneralPractitioner = "medecin-generaliste";
    public const string Nurse = "infirmier";

    public static readonly IReadOnlyList<Profession> All =
    [
        new(GeneralPractitioner, "Médecin généraliste", ProfessionGroup.Medical, true),
        new("medecin-specialiste", "Médecin spécialiste", ProfessionGroup.Medical, true),
        new("sage-femme", "Sage-femme", ProfessionGroup.Medical, true),
        new("chirurgien-dentiste", "Chirurgien·ne-dentiste", ProfessionGroup.Medical, true),
        new("biologiste", "Biologiste", ProfessionGroup.Medical, true),
        new("radiologue", "Radiologue", ProfessionGroup.Medical, true),
        new("pharmacien", "Pharmacien·ne", ProfessionGroup.Pharmacy, true),
        new(Nurse, "Infirmier·e", ProfessionGroup.Paramedical, true),
        new("masseur-kinesitherapeute", "Masseur-kinésithérapeute", ProfessionGroup.Paramedical, true),
        new("orthophoniste", "Orthophoniste", ProfessionGroup.Paramedical, true),
        new("orthoptiste", "Orthoptiste", ProfessionGroup.Paramedical, true),
        new("pedicure-podologue", "Pédicure-podologue", ProfessionGroup.Paramedical, true),
        new("dieteticien", "Diététicien·ne", ProfessionGroup.Paramedical, false),
        new("ergotherapeute", "Ergothérapeute", ProfessionGroup.Paramedical, false),
        new("psychomotricien", "Psychomotricien·ne", ProfessionGroup.Paramedical, false),
        new("psychologue", "Psychologue", ProfessionGroup.Other, false),
        new("assistant-medical", "Assistant·e médical·e", ProfessionGroup.Support, false),
        new("secretaire-medical", "Secrétaire médical·e", ProfessionGroup.Support, false),
        new("coordinateur", "Coordinateur·rice", ProfessionGroup.Support, false),
        new("autre", "Autre", ProfessionGroup.Other, false),
    ];

    public static Profession? Find(string? code) => All.FirstOrDefault(p => p.Code == code);

    public static string Label(string code) => Find(code)?.Label ?? code;
}

public enum StructureKind
{
    Msp,
    CentreDeSante,
    Cpts,
    CabinetDeGroupe,
    CabinetIndividuel,
    Pharmacie,
    Laboratoire,
    Hopital,
    Chu,
    Clinique,
    Ehpad,
    PtaDac,
    Mairie,
    Ars,
    Cpam,
    Ordre,
    Urps,
    PermanenceDesSoins,
    SanteAuTravail,
    CentreDedie,
    Autre,
}

public static class StructureKinds
{
    public static readonly IReadOnlyDictionary<StructureKind, string> Labels = new Dictionary<StructureKind, string>
    {
        [StructureKind.Msp] = "Maison de santé pluriprofessionnelle (MSP)",
        [StructureKind.CentreDeSante] = "Centre de santé",
        [StructureKind.Cpts] = "CPTS",
        [StructureKind.CabinetDeGroupe] = "Cabinet de groupe",
        [StructureKind.CabinetIndividuel] = "Cabinet individuel",
        [StructureKind.Pharmacie] = "Pharmacie",
        [StructureKind.Laboratoire] = "Laboratoire de biologie",
        [StructureKind.Hopital] = "Centre hospitalier",
        [StructureKind.Chu] = "CHU",
        [StructureKind.Clinique] = "Clinique",
        [StructureKind.Ehpad] = "EHPAD",
        [StructureKind.PtaDac] = "PTA / DAC",
        [StructureKind.Mairie] = "Mairie / commune",
        [StructureKind.Ars] = "ARS",
        [StructureKind.Cpam] = "CPAM",
        [StructureKind.Ordre] = "Ordre professionnel",
        [StructureKind.Urps] = "URPS",
        [StructureKind.PermanenceDesSoins] = "Association de permanence des soins (ADOPS)",
        [StructureKind.SanteAuTravail] = "Service de santé au travail",
        [StructureKind.CentreDedie] = "Centre dédié (crise)",
        [StructureKind.Autre] = "Autre",
    };

    public static string Label(StructureKind kind) => Labels[kind];

    /// <summary>Stable code for CSV, CLI and API ("centre-de-sante").</summary>
    public static string Code(StructureKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static StructureKind? Parse(string? code) =>
        Enum.GetValues<StructureKind>().Cast<StructureKind?>().FirstOrDefault(k => Code(k!.Value) == (code ?? "").Trim().ToLowerInvariant());
}

[Flags]
public enum Capability
{
    None = 0,
    SuspectedInfectious = 1,
    NoRegularDoctor = 2,
    SeparateCircuit = 4,
    PcrSampling = 8,
    AntigenTesting = 16,
    Teleconsultation = 32,
    HomeVisits = 64,
    OxygenOnSite = 128,
    UnscheduledCare = 256,
}

public sealed record CapabilityInfo(Capability Value, string Code, string Label);

public static class Capabilities
{
    public static readonly IReadOnlyList<CapabilityInfo> All =
    [
        new(Capability.SuspectedInfectious, "suspected-infectious", "Reçoit les patients suspects d'infection"),
        new(Capability.NoRegularDoctor, "no-regular-doctor", "Reçoit les patients sans médecin traitant"),
        new(Capability.SeparateCircuit, "separate-circuit", "Circuit séparé"),
        new(Capability.PcrSampling, "pcr-sampling", "Prélèvements PCR"),
        new(Capability.AntigenTesting, "antigen-testing", "Tests antigéniques"),
        new(Capability.Teleconsultation, "teleconsultation", "Téléconsultation"),
        new(Capability.HomeVisits, "home-visits", "Visites à domicile"),
        new(Capability.OxygenOnSite, "oxygen", "Oxygène sur place"),
        new(Capability.UnscheduledCare, "unscheduled-care", "Soins non programmés"),
    ];

    public static CapabilityInfo? Find(string code) => All.FirstOrDefault(c => c.Code == code.Trim().ToLowerInvariant());

    /// <summary>The union of the given codes; an unknown code is refused with the list of known ones.</summary>
    public static Capability Parse(IEnumerable<string> codes, string field)
    {
        var all = Capability.None;
        foreach (var code in codes.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            all |= (Find(code) ?? throw Infrastructure.DomainException.Invalid(
                $"Capacité inconnue « {code} ». Capacités : {string.Join(", ", All.Select(c => c.Code))}.", field)).Value;
        }

        return all;
    }

    public static IReadOnlyList<CapabilityInfo> Of(Capability value) => All.Where(c => value.HasFlag(c.Value)).ToList();
}

public enum PracticeMode
{
    SelfEmployed,
    Salaried,
    Mixed,
}

public static class PracticeModes
{
    public static string Label(PracticeMode mode) => mode switch
    {
        PracticeMode.SelfEmployed => "Libéral",
        PracticeMode.Salaried => "Salarié",
        _ => "Mixte",
    };
}

public static class MembershipRoles
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["membre"] = "Membre",
        ["coordinateur"] = "Coordinateur·rice",
        ["president"] = "Président·e",
        ["vice-president"] = "Vice-président·e",
        ["secretaire"] = "Secrétaire",
        ["tresorier"] = "Trésorier·e",
        ["salarie"] = "Salarié·e",
    };

    /// <summary>The colleges of a CPTS association.</summary>
    public static readonly IReadOnlyDictionary<string, string> Colleges = new Dictionary<string, string>
    {
        ["professionnels"] = "Professionnels de santé libéraux",
        ["equipes"] = "Équipes et structures d'exercice coordonné",
        ["medico-social"] = "Structures sanitaires et médico-sociales",
        ["usagers"] = "Usagers et habitants",
    };
}
