using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.Equipment;

[Collection("browser")]
public sealed class EquipmentFlowBrowserTests(BrowserFixture app)
{
    private const string Depot = "Dépôt de la CPTS (Clermont-l'Hérault)";

    /// <summary>Everything on a phone: a donation, its quality check, two requests, the split and the pickup.</summary>
    [SkippableFact]
    public async Task Caps_given_by_a_salon_are_checked_requested_split_and_collected_from_phones()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var volunteer = await app.LoginAsync("depot@demo.maillage.test", width: 390);
        await volunteer.GetByRole(AriaRole.Link, new() { Name = "Matériel", Exact = true }).ClickAsync();
        await volunteer.GetByRole(AriaRole.Link, new() { Name = "Enregistrer un don" }).First.ClickAsync();
        await volunteer.GetByLabel("Dépôt", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = Depot });
        await volunteer.GetByLabel("Article").SelectOptionAsync(new SelectOptionValue { Label = "Charlotte (pièce)" });
        await volunteer.GetByLabel("Quantité").FillAsync("100");
        await volunteer.GetByLabel("Nom du nouveau donateur").FillAsync("Salon de beauté « Éclat » (fictif)");
        await volunteer.GetByLabel("Catégorie").SelectOptionAsync(new SelectOptionValue { Label = "Entreprise" });
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le don" }).ClickAsync();
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Status)).ToContainTextAsync("100 pièces de « Charlotte »");

        await volunteer.GotoAsync("/materiel/controle");
        var lot = volunteer.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Salon de beauté « Éclat » (fictif)" });
        await BrowserFixture.ScreenshotAsync(volunteer, "44-materiel-controle-mobile");
        await lot.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Libérer le lot") }).ClickAsync();
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Status)).ToContainTextAsync("100 pièces de « Charlotte » disponibles");

        var doctor = await app.LoginAsync("medecin@demo.maillage.test", width: 390);
        await doctor.GotoAsync("/materiel");
        await Assertions.Expect(doctor).ToHaveURLAsync(new Regex("/materiel/demandes"));
        await doctor.GetByLabel("Article").First.SelectOptionAsync(new SelectOptionValue { Label = "Charlotte (pièce)" });
        await doctor.GetByLabel("Quantité").FillAsync("80");
        await doctor.GetByLabel("Motif", new() { Exact = true }).FillAsync("Visites à domicile (exemple fictif)");
        await doctor.GetByLabel("Je fais des visites à domicile").CheckAsync();
        await BrowserFixture.AssertAccessibleAsync(doctor);
        await BrowserFixture.ScreenshotAsync(doctor, "45-materiel-demande-mobile");
        await doctor.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("enregistrée");

        var nurse = await app.LoginAsync("infirmiere@demo.maillage.test", width: 390);
        await nurse.GotoAsync("/materiel/demandes");
        await nurse.GetByLabel("Article").First.SelectOptionAsync(new SelectOptionValue { Label = "Charlotte (pièce)" });
        await nurse.GetByLabel("Quantité").FillAsync("60");
        await nurse.GetByLabel("Motif", new() { Exact = true }).FillAsync("Soins à domicile (exemple fictif)");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(nurse.GetByRole(AriaRole.Status)).ToContainTextAsync("enregistrée");

        // 140 asked, 100 on the shelf: the GP (3 + 1 for home visits) × 80 against the nurse 3 × 60 gives 64 and 36.
        var coordinator = await app.LoginAsync("coordination@demo.maillage.test", width: 390);
        await coordinator.GotoAsync("/materiel/repartition");
        await coordinator.GetByLabel("Dépôt", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = Depot });
        await coordinator.GetByLabel("Article").SelectOptionAsync(new SelectOptionValue { Label = "Charlotte" });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Proposer une répartition" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByLabel(new Regex("^Attribué à Paul"))).ToHaveValueAsync("64");
        await Assertions.Expect(coordinator.GetByLabel(new Regex("^Attribué à Léa"))).ToHaveValueAsync("36");
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "46-materiel-repartition-mobile");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Approuver" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Status)).ToContainTextAsync("Répartition approuvée : 100");

        await volunteer.GotoAsync("/materiel/retraits");
        await BrowserFixture.AssertAccessibleAsync(volunteer);
        await BrowserFixture.ScreenshotAsync(volunteer, "47-materiel-retraits-mobile");
        await volunteer.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Remettre à Paul") }).ClickAsync();
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Status)).ToContainTextAsync("Remis : 64");

        await coordinator.GotoAsync("/materiel/rapports");
        await coordinator.GetByLabel("Article", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Charlotte" });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Charlotte : entrées, sorties et stock") })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "48-materiel-rapports-mobile");
    }
}
