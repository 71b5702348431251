namespace Maillage.Features.Equipment;

public sealed record StandardItem(string Code, string Name, ItemCategory Category, string Unit, bool Lendable, bool TracksExpiry);

/// <summary>
/// The catalogue every territory starts with. Migration 0015 inserts these rows; the offline ledger replay
/// reads item codes from here. A test checks that the two agree.
/// </summary>
public static class StandardCatalogue
{
    public static readonly IReadOnlyList<StandardItem> Items =
    [
        new("masque-ffp2", "Masque FFP2", ItemCategory.Masks, "pièce", false, true),
        new("masque-chirurgical", "Masque chirurgical", ItemCategory.Masks, "pièce", false, true),
        new("masque-tissu", "Masque en tissu grand public", ItemCategory.Masks, "pièce", false, false),
        new("surblouse", "Surblouse", ItemCategory.Gowns, "pièce", false, false),
        new("blouse", "Blouse", ItemCategory.Gowns, "pièce", false, false),
        new("visiere", "Visière", ItemCategory.EyeProtection, "pièce", false, false),
        new("lunettes", "Lunettes de protection", ItemCategory.EyeProtection, "pièce", false, false),
        new("gants", "Gants d'examen", ItemCategory.Gloves, "paire", false, true),
        new("charlotte", "Charlotte", ItemCategory.Caps, "pièce", false, false),
        new("gel-hydroalcoolique", "Gel hydro-alcoolique", ItemCategory.Hygiene, "litre", false, true),
        new("kit-prelevement", "Kit de prélèvement", ItemCategory.Testing, "pièce", false, true),
        new("bouteille-oxygene", "Bouteille d'oxygène", ItemCategory.Oxygen, "pièce", false, false),
        new("concentrateur-oxygene", "Concentrateur d'oxygène", ItemCategory.Oxygen, "appareil", true, false),
        new("saturometre", "Saturomètre (oxymètre de pouls)", ItemCategory.Monitoring, "appareil", true, false),
        new("vehicule", "Véhicule prêté", ItemCategory.Vehicle, "véhicule", true, false),
    ];
}
