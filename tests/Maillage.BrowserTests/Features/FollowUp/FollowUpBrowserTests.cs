using System.Text.RegularExpressions;
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

    /// <summary>
    /// The demo patient in hospital (Exemple-Fournier, regular doctor Dr Généraliste) is discharged by the liaison; the only
    /// test that touches him, so it does not depend on the order of the others, nor changes what they look at.
    /// </summary>
    [SkippableFact]
    public async Task A_discharge_is_taken_over_by_the_regular_doctor_and_a_nurse_whose_round_raises_the_alarm()
    {
        BrowserFixture.SkipUnlessAvailable(app);
        const string patient = "EXEMPLE-FOURNIER Henri (fictif)";
        var liaison = await app.LoginAsync("liaison@demo.maillage.test");
        await liaison.GetByRole(AriaRole.Link, new() { Name = "Suivi des patients", Exact = true }).ClickAsync();
        await liaison.GetByRole(AriaRole.Link, new() { Name = "Admissions et sorties d'hôpital" }).ClickAsync();
        var inHospital = liaison.GetByRole(AriaRole.Region, new() { Name = "Patients hospitalisés", Exact = true });
        await Assertions.Expect(inHospital.GetByRole(AriaRole.Row, new() { NameRegex = new Regex(@"^EXEMPLE-FOURNIER Henri \(fictif\).*Paulhan.*Paul Généraliste") })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(liaison);
        await inHospital.GetByRole(AriaRole.Link, new() { Name = "Enregistrer la sortie de Henri (fictif) Exemple-Fournier" }).ClickAsync();

        await Assertions.Expect(liaison.GetByRole(AriaRole.Heading, new() { Name = "Sortie de Henri (fictif) EXEMPLE-FOURNIER" })).ToBeVisibleAsync();
        await Assertions.Expect(liaison.GetByText("confié au médecin traitant")).ToBeVisibleAsync();
        await liaison.GetByLabel("Mesure à domicile").SelectOptionAsync(new SelectOptionValue { Label = "SpO2" });
        await liaison.GetByLabel("Fois par jour").FillAsync("2");
        await liaison.GetByLabel("Pendant (jours)").FillAsync("7");
        await liaison.GetByLabel("Visite infirmière tous les (jours)").FillAsync("1");
        await liaison.GetByLabel("Consultation du médecin sous (heures)").FillAsync("48");
        await liaison.GetByLabel("Ce que l'équipe de ville doit savoir").FillAsync("Pneumopathie (exemple fictif) ; oxygène arrêté depuis 48 h, SpO2 94 % à la sortie.");
        await BrowserFixture.AssertAccessibleAsync(liaison);
        await BrowserFixture.ScreenshotAsync(liaison, "32-sortie-hopital");
        await liaison.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la sortie et ouvrir le suivi" }).ClickAsync();

        // 14 measures, 7 daily visits and the consultation within 48 h.
        await Assertions.Expect(liaison.GetByRole(AriaRole.Status)).ToContainTextAsync("Sortie enregistrée");
        await Assertions.Expect(liaison.GetByRole(AriaRole.Heading, new() { Name = patient, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(liaison.GetByText("en attente d'acceptation")).ToBeVisibleAsync();
        await Assertions.Expect(liaison.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Surveillance prévue — 22 à faire") })).ToBeVisibleAsync();

        var doctor = await app.LoginAsync("medecin@demo.maillage.test");
        await doctor.GotoAsync("/suivi");
        var mine = doctor.GetByRole(AriaRole.Listitem).Filter(new() { HasText = patient });
        await Assertions.Expect(mine).ToContainTextAsync("demande à Paul Généraliste");
        await mine.GetByRole(AriaRole.Link, new() { Name = patient }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Heading, new() { Name = "On vous demande de prendre ce patient en charge" })).ToBeVisibleAsync();
        await doctor.GetByRole(AriaRole.Button, new() { Name = "J'accepte" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("Vous êtes désormais responsable");
        await doctor.GetByLabel("Ajouter").SelectOptionAsync(new SelectOptionValue { Label = "FABRE Léa — Infirmier·e" });
        await doctor.GetByLabel("Rôle").FillAsync("soins infirmiers à domicile");
        await doctor.GetByRole(AriaRole.Button, new() { Name = "Ajouter à l'équipe" }).ClickAsync();
        await Assertions.Expect(doctor.GetByRole(AriaRole.Status)).ToContainTextAsync("ajouté à l'équipe");
        await Assertions.Expect(doctor.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Léa Fabre — soins infirmiers à domicile" })).ToBeVisibleAsync();

        // The plan starts the day after the discharge: the nurse looks at tomorrow's round.
        var nurse = await app.LoginAsync("infirmiere@demo.maillage.test");
        await nurse.GetByRole(AriaRole.Link, new() { Name = "Suivi des patients", Exact = true }).ClickAsync();
        await nurse.GetByRole(AriaRole.Link, new() { Name = "Ma tournée du jour" }).ClickAsync();
        await nurse.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Lendemain") }).ClickAsync();
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"))).AddDays(1);
        await Assertions.Expect(nurse).ToHaveURLAsync(new Regex($"jour={tomorrow:yyyy-MM-dd}"));
        await Assertions.Expect(nurse.GetByText("Patients suivis par Léa Fabre")).ToBeVisibleAsync();
        await Assertions.Expect(nurse.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Paulhan") })).ToBeVisibleAsync();
        var paulhan = nurse.GetByRole(AriaRole.Region, new() { Name = "Patients à Paulhan", Exact = true });
        var row = paulhan.GetByRole(AriaRole.Row).Filter(new() { HasText = patient });
        await Assertions.Expect(row).ToContainTextAsync("08:00 — Mesure SpO2");
        await Assertions.Expect(row).ToContainTextAsync("12:00 — Visite infirmière à domicile");
        await Assertions.Expect(row).ToContainTextAsync("18:00 — Mesure SpO2");
        await Assertions.Expect(row).ToContainTextAsync("Paul Généraliste (responsable), Léa Fabre (soins infirmiers à domicile)");
        await BrowserFixture.AssertAccessibleAsync(nurse);
        await BrowserFixture.ScreenshotAsync(nurse, "33-tournee");

        await paulhan.GetByRole(AriaRole.Link, new() { Name = patient }).ClickAsync();
        await nurse.GetByLabel("Mesure", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "SpO2" });
        await nurse.GetByLabel("Valeur").FillAsync("90");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Assertions.Expect(nurse.GetByRole(AriaRole.Status)).ToContainTextAsync("ALERTE : SpO2 90 % sous le seuil de 92 %");
        await Assertions.Expect(nurse.GetByRole(AriaRole.Status)).ToHaveClassAsync(new Regex("alert-danger"));
        await Assertions.Expect(nurse.GetByRole(AriaRole.Cell, new() { NameRegex = new Regex("^Rappeler le patient : SpO2 90 %.*urgent") })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(nurse);
        await BrowserFixture.ScreenshotAsync(nurse, "34-surveillance-alerte");

        var coordinator = await app.LoginAsync("coordination@demo.maillage.test");
        await coordinator.GotoAsync("/suivi");
        var alerts = coordinator.GetByRole(AriaRole.Region, new() { Name = "Alertes", Exact = true });
        await Assertions.Expect(alerts.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^Henri \(fictif\) E\. : SpO2 90 % sous le seuil") })).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Row).Filter(new() { HasText = patient })).ToContainTextAsync("Paul Généraliste");

        // The liaison's desk now lists the patient among the recent discharges, with the way to his follow-up.
        await liaison.GotoAsync("/suivi/hopital");
        await Assertions.Expect(liaison.GetByRole(AriaRole.Region, new() { Name = "Sorties récentes", Exact = true })
            .GetByRole(AriaRole.Link, new() { Name = "Voir le suivi de Henri (fictif) Exemple-Fournier" })).ToBeVisibleAsync();
    }
}
