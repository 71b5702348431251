namespace Maillage.Features.Reporting;

/// <summary>Whom an indicator counts for: each dedicated centre, or the territory as a whole.</summary>
public enum IndicatorScope
{
    Centre,
    Territory,
}

/// <summary>
/// How an indicator adds up over days and centres. <c>Sum</c>: counts that add. <c>Level</c>: a state at the
/// end of a day (patients under follow-up); the week shows its last day. <c>Ratio</c>: a percentage of two
/// sums, never entered. <c>Snapshot</c>: known only now (stock, overdue contacts), on the dashboards only.
/// </summary>
public enum IndicatorKind
{
    Sum,
    Level,
    Ratio,
    Snapshot,
}

/// <summary>Where a value comes from. <c>Derived</c>: computed from what the platform recorded. <c>Manual</c>: entered by hand only.</summary>
public enum IndicatorSource
{
    Derived,
    Manual,
}

/// <summary>
/// One indicator, defined once: the report, the entry form, the exports, the dashboards and the CLI all read
/// this. <paramref name="Sensitive"/> counts are about patients and are suppressed when small in anything that
/// leaves the territory. <paramref name="Overridable"/> derived values may be replaced by hand (the derived
/// value stays visible). A ratio names the sums it divides.
/// </summary>
public sealed record Indicator(
    string Code, string Label, string Definition, string Unit, string Group, IndicatorScope Scope, IndicatorKind Kind, IndicatorSource Source,
    bool Sensitive, bool Overridable = false, IReadOnlyList<string>? Numerator = null, IReadOnlyList<string>? Denominator = null)
{
    /// <summary>A person may type a value for it.</summary>
    public bool Enterable => Scope == IndicatorScope.Centre && (Source == IndicatorSource.Manual || Overridable);

    /// <summary>A day of an open centre is complete when every manual-only indicator has a value.</summary>
    public bool RequiredDaily => Scope == IndicatorScope.Centre && Source == IndicatorSource.Manual && Kind == IndicatorKind.Sum;

    public bool InWeeklyReport => Kind != IndicatorKind.Snapshot;
}

public sealed record IndicatorGroup(string Code, string Label, string Description);

public static class Indicators
{
    public const string Consultations = "consultations";
    public const string Teleconsultations = "teleconsultations";
    public const string HomeVisits = "visites-domicile";
    public const string PcrTests = "tests-pcr";
    public const string AntigenTests = "tests-antigeniques";
    public const string Positives = "positifs";
    public const string Positivity = "taux-positivite";
    public const string CallsTo15 = "transferts-15";
    public const string PlacesRequired = "postes-requis";
    public const string PlacesFilled = "postes-pourvus";
    public const string RosterCoverage = "couverture-planning";
    public const string UnderFollowUp = "patients-suivis";
    public const string NewEpisodes = "nouveaux-suivis";
    public const string HandoffsAsked = "relais-demandes";
    public const string HandoffsInTime = "relais-acceptes-delai";
    public const string HandoffsInTimeRate = "taux-relais-delai";
    public const string OverdueContacts = "contacts-en-retard";
    public const string StockDaysOfCover = "jours-couverture-stock";

    public static readonly IReadOnlyList<IndicatorGroup> Groups =
    [
        new("activite", "Activité des centres", "Consultations, téléconsultations, visites à domicile et transferts vers l'hôpital."),
        new("depistage", "Dépistage", "Tests RT-PCR et antigéniques, résultats positifs et taux de positivité."),
        new("suivi", "Suivi des patients", "Patients suivis, nouveaux suivis et relais acceptés dans le délai."),
        new("planning", "Plannings", "Postes des plannings des centres, pourvus et à pourvoir."),
        new("materiel", "Matériel", "Stock et jours de couverture."),
    ];

    public static readonly IReadOnlyList<Indicator> All =
    [
        new(Consultations, "Consultations en présentiel", "Créneaux dédiés réservés (et non annulés) au centre ce jour-là, d'après la régulation ; modifiable à la main quand le centre reçoit aussi sans rendez-vous.",
            "consultations", "activite", IndicatorScope.Centre, IndicatorKind.Sum, IndicatorSource.Derived, Sensitive: true, Overridable: true),
        new(Teleconsultations, "Téléconsultations", "Contacts de suivi par téléconsultation enregistrés par un professionnel en poste au centre ce jour-là ; modifiable à la main.",
            "téléconsultations", "activite", IndicatorScope.Centre, IndicatorKind.Sum, IndicatorSource.Derived, Sensitive: true, Overridable: true),
        new(HomeVisits, "Visites à domicile", "Contacts de suivi en visite à domicile enregistrés par un professionnel en poste au centre ce jour-là ; modifiable à la main.",
            "visites", "activite", IndicatorScope.Centre, IndicatorKind.Sum, IndicatorSource.Derived, Sensitive: true, Overridable: true),
        new(CallsTo15, "Transferts vers l'hôpital / appels au 15", "Appels pris au centre dont l'orientation finale est le 15 ; modifiable à la main pour les transferts décidés en consultation.",
            "patients", "activite", IndicatorScope.Centre, IndicatorKind.Sum, IndicatorSource.Derived, Sensitive: true, Overridable: true),
        new(PcrTests, "Tests RT-PCR", "Prélèvements RT-PCR réalisés au centre ce jour-là. Saisi à la main : la plateforme ne reçoit pas les résultats de laboratoire.",
            "tests", "depistage", IndicatorScope.Centre, IndicatorKind.Sum, IndicatorSource.Manual, Sensitive: true),
        new(AntigenTests, "Tests antigéniques", "Tests antigéniques réalisés au centre ce jour-là. Saisi à la main.",
            "tests", "depistage", IndicatorScope.Centre, IndicatorKind.Sum, IndicatorSource.Manual, Sensitive: true),
        new(Positives, "Tests positifs", "Tests (RT-PCR et antigéniques) positifs parmi ceux du jour. Saisi à la main ; jamais plus que les tests.",
            "tests", "depistage", IndicatorScope.Centre, IndicatorKind.Sum, IndicatorSource.Manual, Sensitive: true),
        new(Positivity, "Taux de positivité", "Tests positifs ÷ (tests RT-PCR + tests antigéniques), calculé, jamais saisi.",
            "%", "depistage", IndicatorScope.Centre, IndicatorKind.Ratio, IndicatorSource.Derived, Sensitive: false,
            Numerator: [Positives], Denominator: [PcrTests, AntigenTests]),
        new(PlacesRequired, "Postes à pourvoir", "Places des créneaux du planning du centre ce jour-là, toutes fonctions confondues, dans les semaines où le centre a un planning.",
            "postes", "planning", IndicatorScope.Centre, IndicatorKind.Sum, IndicatorSource.Derived, Sensitive: false),
        new(PlacesFilled, "Postes pourvus", "Places des créneaux occupées par un volontaire affecté (jamais plus que le besoin de la fonction).",
            "postes", "planning", IndicatorScope.Centre, IndicatorKind.Sum, IndicatorSource.Derived, Sensitive: false),
        new(RosterCoverage, "Couverture du planning", "Postes pourvus ÷ postes à pourvoir.",
            "%", "planning", IndicatorScope.Centre, IndicatorKind.Ratio, IndicatorSource.Derived, Sensitive: false,
            Numerator: [PlacesFilled], Denominator: [PlacesRequired]),
        new(UnderFollowUp, "Patients suivis", "Épisodes de suivi ouverts en fin de journée sur le territoire ; la semaine montre son dernier jour.",
            "patients", "suivi", IndicatorScope.Territory, IndicatorKind.Level, IndicatorSource.Derived, Sensitive: true),
        new(NewEpisodes, "Nouveaux suivis", "Épisodes de suivi ouverts ce jour-là sur le territoire.",
            "patients", "suivi", IndicatorScope.Territory, IndicatorKind.Sum, IndicatorSource.Derived, Sensitive: true),
        new(HandoffsAsked, "Relais demandés", "Demandes de prise en charge envoyées à un professionnel ce jour-là.",
            "relais", "suivi", IndicatorScope.Territory, IndicatorKind.Sum, IndicatorSource.Derived, Sensitive: true),
        new(HandoffsInTime, "Relais acceptés dans le délai", "Parmi les relais demandés ce jour-là, ceux acceptés avant leur échéance.",
            "relais", "suivi", IndicatorScope.Territory, IndicatorKind.Sum, IndicatorSource.Derived, Sensitive: true),
        new(HandoffsInTimeRate, "Taux de relais acceptés dans le délai", "Relais acceptés dans le délai ÷ relais demandés.",
            "%", "suivi", IndicatorScope.Territory, IndicatorKind.Ratio, IndicatorSource.Derived, Sensitive: false,
            Numerator: [HandoffsInTime], Denominator: [HandoffsAsked]),
        new(OverdueContacts, "Contacts en retard", "Patients suivis dont le prochain contact prévu est dépassé, maintenant.",
            "patients", "suivi", IndicatorScope.Territory, IndicatorKind.Snapshot, IndicatorSource.Derived, Sensitive: true),
        new(StockDaysOfCover, "Jours de couverture du stock", "Stock utilisable ÷ consommation moyenne des 7 derniers jours, par article, maintenant (registre du matériel).",
            "jours", "materiel", IndicatorScope.Territory, IndicatorKind.Snapshot, IndicatorSource.Derived, Sensitive: false),
    ];

    private static readonly Dictionary<string, Indicator> ByCode = All.ToDictionary(i => i.Code);

    public static Indicator? Find(string? code) => code is null ? null : ByCode.GetValueOrDefault(code.Trim().ToLowerInvariant());

    public static Indicator Get(string code) => ByCode[code];

    public static IEnumerable<Indicator> Of(IndicatorScope scope) => All.Where(i => i.Scope == scope && i.InWeeklyReport);

    public static IEnumerable<Indicator> Enterable => All.Where(i => i.Enterable);

    public static IEnumerable<Indicator> RequiredDaily => All.Where(i => i.RequiredDaily);

    public static string GroupLabel(string code) => Groups.FirstOrDefault(g => g.Code == code)?.Label ?? code;
}
