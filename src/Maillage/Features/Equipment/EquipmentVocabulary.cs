namespace Maillage.Features.Equipment;

public enum ItemCategory
{
    Masks,
    Gowns,
    EyeProtection,
    Gloves,
    Caps,
    Hygiene,
    Testing,
    Oxygen,
    Monitoring,
    Vehicle,
    Other,
}

public enum DonorCategory
{
    Resident,
    Company,
    Association,
    HealthEstablishment,
    Municipality,
    Other,
}

/// <summary>What one recorded act did to the stock. Each operation writes one or more ledger lines.</summary>
public enum OperationKind
{
    Donation,
    StateAllocation,
    Transfer,
    Distribution,
    Loss,
    Expiry,
    Correction,
    QualityRelease,
    QualityRejection,
}

/// <summary>A lot's quality status: donated goods wait in quarantine until someone checks them.</summary>
public enum LotStatus
{
    Quarantine,
    Available,
    Rejected,
}

public enum RequestUrgency
{
    Normal,
    Urgent,
    Critical,
}

public enum RequestStatus
{
    Open,
    Allocated,
    Served,
    Cancelled,
    Refused,
}

public enum AllocationStatus
{
    Proposed,
    Approved,
    Cancelled,
}

public enum LendableStatus
{
    Available,
    OnLoan,
    Maintenance,
    Retired,
}

/// <summary>French labels of the equipment vocabulary, in one place.</summary>
public static class EquipmentLabels
{
    public static string Of(ItemCategory c) => c switch
    {
        ItemCategory.Masks => "Masques",
        ItemCategory.Gowns => "Blouses et surblouses",
        ItemCategory.EyeProtection => "Protection des yeux",
        ItemCategory.Gloves => "Gants",
        ItemCategory.Caps => "Charlottes",
        ItemCategory.Hygiene => "Hygiène",
        ItemCategory.Testing => "Dépistage",
        ItemCategory.Oxygen => "Oxygène",
        ItemCategory.Monitoring => "Surveillance",
        ItemCategory.Vehicle => "Véhicules",
        _ => "Autre",
    };

    public static string Of(DonorCategory c) => c switch
    {
        DonorCategory.Resident => "Particulier",
        DonorCategory.Company => "Entreprise",
        DonorCategory.Association => "Association",
        DonorCategory.HealthEstablishment => "Établissement de santé",
        DonorCategory.Municipality => "Commune",
        _ => "Autre",
    };

    public static string Of(OperationKind k) => k switch
    {
        OperationKind.Donation => "Don reçu",
        OperationKind.StateAllocation => "Dotation de l'État reçue",
        OperationKind.Transfer => "Transfert entre dépôts",
        OperationKind.Distribution => "Remise",
        OperationKind.Loss => "Perte",
        OperationKind.Expiry => "Péremption",
        OperationKind.Correction => "Correction d'inventaire",
        OperationKind.QualityRelease => "Contrôle qualité : libéré",
        OperationKind.QualityRejection => "Contrôle qualité : refusé",
        _ => k.ToString(),
    };

    public static string Of(LotStatus s) => s switch
    {
        LotStatus.Quarantine => "En quarantaine",
        LotStatus.Available => "Disponible",
        _ => "Refusé",
    };

    public static string Of(RequestUrgency u) => u switch
    {
        RequestUrgency.Urgent => "Urgent",
        RequestUrgency.Critical => "Vital",
        _ => "Normal",
    };

    public static string Of(RequestStatus s) => s switch
    {
        RequestStatus.Open => "En attente",
        RequestStatus.Allocated => "Attribuée, à retirer",
        RequestStatus.Served => "Servie",
        RequestStatus.Cancelled => "Annulée",
        _ => "Refusée",
    };

    public static string Of(AllocationStatus s) => s switch
    {
        AllocationStatus.Proposed => "Proposée",
        AllocationStatus.Approved => "Approuvée",
        _ => "Annulée",
    };

    public static string Of(LendableStatus s) => s switch
    {
        LendableStatus.Available => "Disponible",
        LendableStatus.OnLoan => "Prêté",
        LendableStatus.Maintenance => "En maintenance",
        _ => "Retiré du parc",
    };

    /// <summary>Parses a kebab-case or PascalCase enum name from a query string or a CSV cell.</summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum => Infrastructure.EnumText.TryParse(text, out value);

    public static string Kebab<T>(T value)
        where T : struct, Enum => Infrastructure.EnumText.Kebab(value);
}
