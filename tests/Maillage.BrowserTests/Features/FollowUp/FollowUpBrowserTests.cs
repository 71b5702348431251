using Microsoft.Playwright;

namespace Maillage.BrowserTests.Features.FollowUp;

[Collection("browser")]
public sealed class FollowUpBrowserTests(BrowserFixture app)
{
    [SkippableFact]
    public async Task A_follow_up_is_taken_over_by_the_regular_doctor_who_brings_in_a_nurse()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        var coordinator = await app.LoginAsync("coordination@demo.maillage.test");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Suivi des patients", Exact = true }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Ouvrir un suivi" }).ClickAsync();
        await coordinator.GetByLabel("Nom", new() { Exact = true }).FillAsync("Exemple-Suivi");
        await coordinator.GetByLabel("Prénom").FillAsync("Patient (fictif)");
        await coordinator.GetByLabel("Commune du patient").FillAsync("Clermont-l'Hérault");
        await coordinator.GetByLabel("Médecin traitant").FillAsync("GÉNÉRALISTE Paul");
        await coordinator.GetByLabel("Motif").SelectOptionAsync(new SelectOptionValue { Label = "surveillance après hospitalisation" });
        await coordinator.GetByLabel("Notes (ce que le médecin doit savoir)").FillAsync("Sortie d'hospitalisation pour pneumopathie (exemple fictif) : SpO2 deux fois par jour pendant 7 jours.");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Ouvrir le suivi" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Status)).ToContainTextAsync("la demande de prise en charge est partie");
        await Assertions.Expect(coordinator.GetByText("en attente d'acceptation")).ToBeVisibleAsync();
        var episodeUrl = coordinator.Url;

        var doctor = await app.LoginAsync("medecin@demo.maillage.test", width: 390);
        await doctor.GotoAsync("/suivi");
        await doctor.GetByRole(AriaRole.Link, new() { Name = "EXEMPLE-SUIVI Patient (fictif)" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Heading, new() { Name = "On vous demande de prendre ce patient en charge" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(doctor);
        await BrowserFixture.ScreenshotAsync(doctor, "29-suivi-demande-mobile");
        await doctor.GetByRole(AriaRole.Button, new() { Name = "J'accepte" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("Vous êtes désormais responsable");

        await doctor.GetByLabel("Ajouter").SelectOptionAsync(new SelectOptionValue { Label = "FABRE Léa — Infirmier·e" });
        await doctor.GetByRole(AriaRole.Button, new() { Name = "Ajouter à l'équipe" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Alert)).ToContainTextAsync("Le rôle");
        await doctor.GetByLabel("Rôle").FillAsync("surveillance à domicile");
        await doctor.GetByRole(AriaRole.Button, new() { Name = "Ajouter à l'équipe" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("ajouté à l'équipe");
        await doctor.GetByLabel("Canal").SelectOptionAsync(new SelectOptionValue { Label = "téléconsultation" });
        await doctor.GetByLabel("Résultat").FillAsync("Patient stable, SpO2 95 % (exemple fictif)");
        await doctor.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le contact" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("Contact enregistré");

        await doctor.GetByLabel("Mesure", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "SpO2" });
        await doctor.GetByLabel("Valeur").FillAsync("91");
        await doctor.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("ALERTE : SpO2 91 % sous le seuil de 92 %");
        await Assertions.Expect(doctor.GetByRole(AriaRole.Cell, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Rappeler le patient : SpO2 91 %") })).ToBeVisibleAsync();

        await coordinator.GotoAsync("/suivi");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("SpO2 91 % sous le seuil") })).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Rowheader, new() { NameRegex = new System.Text.RegularExpressions.Regex("EXEMPLE-SUIVI Patient") })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "30-suivi-tableau");
        await coordinator.GotoAsync(episodeUrl);
        await Assertions.Expect(coordinator.GetByText("Responsable : Paul Généraliste")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(coordinator);
        await BrowserFixture.ScreenshotAsync(coordinator, "31-suivi-episode");
    }
}
