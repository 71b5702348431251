using System.Security.Claims;
using System.Text;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Bulletins;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Maillage.Features.Demo;

/// <summary>
/// The demo territory's information: messages received during the first wave (a ministry alert, the ARS, the
/// insurer, the nurses' URPS, and the ARS note recorded a second time, kept as a duplicate), then bulletins of
/// the last weeks and of this week, read by some of their recipients, one withdrawn, one scheduled, one draft.
/// This week leaves the pharmacist, the physiotherapist and the speech therapist without any bulletin, so that
/// the coverage warns. Every message and bulletin is fictional and says so.
/// </summary>
/// <remarks>
/// Bulletins and reads are dated in the past by running the same use cases on a clock set to that moment:
/// the data is what the coordinator and the professionals would have produced on those days.
/// </remarks>
public sealed class DemoBulletins(
    MaillageDb db, ScopeOfUser scopes, ListAudienceMembers audience, NameTerritories territoryNames, AuditLog audit, FindOwnEntry ownEntry,
    IncomingMessages messages, MailPreferences preferences, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> signIn, TimeProvider time)
{
    public async Task ExecuteAsync(int territoryId, CancellationToken ct = default)
    {
        var coordinator = await signIn.CreateAsync(await users.FindByEmailAsync("coordination@demo.maillage.test") ?? throw new InvalidOperationException("demo coordinator missing"));
        var now = time.GetUtcNow().UtcDateTime;
        if ((await Desk(now).ListAsync(new BulletinFilter(territoryId), 1, 1, coordinator, ct)).TotalCount > 0)
        {
            return;
        }

        var people = await audience.OfTerritoriesAsync([territoryId], ct);
        if (people.Count == 0)
        {
            return;
        }

        int Person(string lastName) => people.First(p => p.Name.EndsWith($" {lastName}", StringComparison.Ordinal)).Id;

        // The first wave's messages, as the coordination received them.
        var alert = await RecordAsync(territoryId, MessageSource.MinistryAlert, "DGS-Urgent (exemple fictif)", "dgs-urgent@demo.maillage.test", new DateTime(2020, 3, 14, 19, 42, 0),
            "DGS-Urgent n° 2020-DEMO-07 : prise en charge des patients suspects de Covid-19 en ville (exemple fictif)",
            "<p><strong>Message fictif de démonstration.</strong></p><p>Mesdames, Messieurs,</p><p>Les patients présentant des signes évocateurs de Covid-19 sans signe de gravité sont pris en charge en ville. Pour toute détresse respiratoire, appelez le <strong>15</strong>.</p><ul><li>Consultations sur rendez-vous, circuit séparé si possible ;</li><li>port du masque chirurgical par le patient et le soignant ;</li><li>surveillance à domicile renforcée pour les patients à risque.</li></ul><p>La fiche de conduite à tenir est jointe.</p>",
            ["covid-19", "organisation"], [], [new AttachmentInput("conduite-a-tenir-fictive.txt", "text/plain",
                Encoding.UTF8.GetBytes("Fiche fictive de démonstration : conduite à tenir devant un patient suspect de Covid-19.\n1. Masque pour le patient.\n2. Évaluer les signes de gravité.\n3. Signes de gravité : appeler le 15.\n"))], ct: ct);
        const string arsSubject = "ARS : ouverture des centres dédiés Covid-19 dans l'Hérault (exemple fictif)";
        const string arsText = "Message fictif de démonstration.\n\nL'ARS soutient l'ouverture de centres dédiés aux consultations Covid-19 portés par les CPTS et les MSP.\n\nLes patients y sont adressés par leur médecin traitant ou par le 15, sur rendez-vous. Les centres transmettent chaque semaine leur activité.\n\nContact : délégation départementale (adresse fictive).";
        var centres = await RecordAsync(territoryId, MessageSource.Ars, "ARS Occitanie, délégation de l'Hérault (fictive)", "dd34@ars.demo.maillage.test", new DateTime(2020, 3, 18, 11, 5, 0),
            arsSubject, null, ["covid-19", "organisation"], [Professions.GeneralPractitioner, Professions.Nurse], text: arsText, ct: ct);
        var billing = await RecordAsync(territoryId, MessageSource.Insurer, "Assurance maladie, CPAM de l'Hérault (fictive)", "partenaires@cpam.demo.maillage.test", new DateTime(2020, 3, 23, 9, 30, 0),
            "Téléconsultation : prise en charge à 100 % et facturation pendant l'épidémie (exemple fictif)", null, ["remuneration", "covid-19"], [Professions.GeneralPractitioner, "orthophoniste"],
            text: "Message fictif de démonstration.\n\nPendant l'épidémie, les téléconsultations sont prises en charge à 100 % par l'Assurance maladie, y compris sans consultation préalable en présentiel.\n\nFacturation : code TCG, en tiers payant. Le téléphone est admis pour les patients sans connexion vidéo.", ct: ct);
        var nurses = await RecordAsync(territoryId, MessageSource.Urps, "URPS infirmiers Occitanie (fictive)", "contact@urps-infirmiers.demo.maillage.test", new DateTime(2020, 3, 27, 17, 15, 0),
            "URPS infirmiers : suivi à domicile des patients Covid-19 (exemple fictif)", null, ["domicile", "covid-19"], [Professions.Nurse],
            text: "Message fictif de démonstration.\n\nLes infirmiers libéraux peuvent assurer la surveillance à domicile des patients Covid-19 sur prescription : prise des constantes, saturation, fréquence respiratoire.\n\nEn cas d'aggravation, alerter le médecin traitant ou le 15.", ct: ct);
        // The same ARS note, forwarded by the hospital four days later: recorded again on purpose, and marked as a duplicate.
        await RecordAsync(territoryId, MessageSource.Hospital, "Centre hospitalier du Cœur d'Hérault (fictif)", "direction@ch.demo.maillage.test", new DateTime(2020, 4, 2, 8, 50, 0),
            arsSubject, null, ["covid-19"], [], text: arsText, allowDuplicate: true, ct: ct);

        // The bulletins of the last weeks, then this week's.
        var today = French.Today(time);
        var monday = IsoWeeks.Monday(today);
        DateTime At(int daysFromMonday, int hour, int minute) => French.ToUtc(monday.AddDays(daysFromMonday).ToDateTime(new TimeOnly(hour, minute)));
        var weekStart = At(0, 0, 5);
        DateTime ThisWeek(TimeSpan ago) => now - ago >= weekStart ? now - ago : weekStart < now ? weekStart : now.AddMinutes(-1);

        var withdrawn = await PublishAsync(territoryId, At(-28, 9, 0), coordinator,
            "Horaires du centre dédié Covid (exemple fictif)",
            "Le centre dédié reçoit **du lundi au samedi, de 8 h 30 à 12 h 30**, sur rendez-vous donné par le 15 ou le médecin traitant.", false, [], [], [], ct);
        // Read before it was withdrawn: who read it is kept.
        await ReadAsync(withdrawn, Person("Généraliste"), At(-28, 11, 2), ct);
        await ReadAsync(withdrawn, Person("Martel"), At(-27, 8, 40), ct);
        await Desk(At(-27, 11, 20)).WithdrawAsync(withdrawn, "Horaires erronés : le centre est aussi ouvert l'après-midi, un nouveau bulletin suit.",
            await VersionAsync(withdrawn, coordinator, ct), coordinator, ct);

        var centresBulletin = await PublishAsync(territoryId, At(-20, 8, 30), coordinator,
            "Centres dédiés Covid : qui y adresser, et comment (exemple fictif)",
            "## À retenir\n\n- Le centre dédié du territoire reçoit les patients suspects **sur rendez-vous** : 8 h 30 - 12 h 30 et 13 h 30 - 18 h 30, du lundi au samedi.\n- Adressez-y vos patients sans signe de gravité ; **au moindre signe de gravité, appelez le 15**.\n- Deux messages des autorités sont transmis ci-dessous : l'alerte du ministère et la note de l'ARS.\n\n*Bulletin fictif de démonstration.*",
            false, [], [], [alert, centres], ct);
        var homeCare = await PublishAsync(territoryId, At(-12, 18, 0), coordinator,
            "Infirmiers : surveillance à domicile des patients Covid (exemple fictif)",
            "Les infirmiers du territoire peuvent assurer la **surveillance à domicile** sur prescription. La note de l'URPS précise les constantes à relever.\n\nPour organiser les tournées, contactez la coordination.\n\n*Bulletin fictif de démonstration.*",
            false, [Professions.Nurse], [], [nurses], ct);
        var salagou = (await audience.StructuresAsync([territoryId], ct)).FirstOrDefault(s => s.Name.StartsWith("MSP du Salagou", StringComparison.Ordinal));
        var meeting = salagou is null ? (int?)null : await PublishAsync(territoryId, At(-4, 12, 15), coordinator,
            "MSP du Salagou : réunion d'équipe jeudi 20 h (exemple fictif)",
            "Réunion de l'équipe de la MSP **jeudi à 20 h**, en visioconférence : organisation du circuit Covid de l'après-midi et des astreintes.\n\n*Bulletin fictif de démonstration.*",
            false, [], [salagou.Id], [], ct);
        var masks = await PublishAsync(territoryId, ThisWeek(TimeSpan.FromHours(20)), coordinator,
            "Masques FFP2 : distribution exceptionnelle demain matin (exemple fictif)",
            "Une livraison de masques FFP2 arrive au dépôt de la CPTS.\n\n**Distribution demain de 8 h à 10 h** au dépôt, sur présentation de votre carte professionnelle : 2 boîtes par médecin, 2 boîtes par infirmier.\n\nPrévenez la coordination si vous ne pouvez pas venir.\n\n*Bulletin fictif de démonstration.*",
            true, [Professions.GeneralPractitioner, Professions.Nurse], [], [], ct);
        var teleconsultation = await PublishAsync(territoryId, ThisWeek(TimeSpan.FromHours(6)), coordinator,
            "Téléconsultation : rappel des règles de facturation (exemple fictif)",
            "Rappel à la suite de questions reçues cette semaine : la note de l'Assurance maladie transmise ci-dessous reste la référence.\n\n*Bulletin fictif de démonstration.*",
            false, [Professions.GeneralPractitioner], [], [billing], ct);

        // Who read what, and when: the demo accounts (Dr Paul Généraliste, Léa Fabre) still have this week's urgent bulletin to read.
        foreach (var (name, after) in new[] { ("Généraliste", 55), ("Fabre", 190), ("Martel", 75), ("Benali", 600), ("Rey", 1440), ("Pujol", 2000) })
        {
            await ReadAsync(centresBulletin, Person(name), At(-20, 8, 30).AddMinutes(after), ct);
        }

        await ReadAsync(homeCare, Person("Fabre"), At(-12, 18, 32), ct);
        await ReadAsync(homeCare, Person("Rey"), At(-11, 7, 48), ct);
        if (meeting is { } m)
        {
            foreach (var (name, after) in new[] { ("Martel", 40), ("Rouquette", 210), ("Castan", 380), ("Généraliste", 1300) })
            {
                await ReadAsync(m, Person(name), At(-4, 12, 15).AddMinutes(after), ct);
            }
        }

        var masksAt = ThisWeek(TimeSpan.FromHours(20));
        await ReadAsync(masks, Person("Vidal"), masksAt.AddMinutes(12), ct);
        await ReadAsync(masks, Person("Barral"), masksAt.AddMinutes(48), ct);
        await ReadAsync(teleconsultation, Person("Martel"), ThisWeek(TimeSpan.FromHours(6)).AddMinutes(25), ct);

        // Still to come: a bulletin scheduled for the day after tomorrow, and a draft.
        var scheduled = await Desk(now).CreateAsync(new BulletinInput(territoryId, "Vaccination antigrippale : organisation dans les cabinets et les pharmacies (exemple fictif)",
            "La campagne continue : les pharmacies et les cabinets du territoire vaccinent sur rendez-vous.\n\n*Bulletin fictif de démonstration.*",
            false, null, [], null, null), coordinator, ct);
        await Desk(now).PublishAsync(scheduled, today.AddDays(2).ToDateTime(new TimeOnly(8, 0)), await VersionAsync(scheduled, coordinator, ct), coordinator, ct);
        await Desk(now).CreateAsync(new BulletinInput(territoryId, "Point de situation de la semaine (brouillon, exemple fictif)",
            "À compléter : activité du centre dédié, stocks du dépôt, messages reçus.", false, null, [], null, null), coordinator, ct);

        // Léa Fabre wants every bulletin at once; Dr Jean Rouquette reads them here only.
        await preferences.SetAsync(Person("Fabre"), MailMode.Immediate, ct);
        await preferences.SetAsync(Person("Rouquette"), MailMode.None, ct);
    }

    private BulletinDesk Desk(DateTime at) => new(db, scopes, audience, territoryNames, audit, new DemoClock(at));

    private async Task<int> VersionAsync(int id, ClaimsPrincipal coordinator, CancellationToken ct) => (await Desk(DateTime.UtcNow).ShowAsync(id, coordinator, ct)).Version;

    private async Task<int> PublishAsync(int territoryId, DateTime at, ClaimsPrincipal coordinator, string title, string body, bool urgent,
        IReadOnlyList<string> professions, IReadOnlyList<int> structures, IReadOnlyList<int> messageIds, CancellationToken ct)
    {
        var desk = Desk(at.AddMinutes(-40));
        var id = await desk.CreateAsync(new BulletinInput(territoryId, title, body, urgent, null, professions, structures, messageIds), coordinator, ct);
        await Desk(at).PublishAsync(id, null, await VersionAsync(id, coordinator, ct), coordinator, ct);
        return id;
    }

    private async Task ReadAsync(int bulletinId, int professionalId, DateTime at, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await new Inbox(db, ownEntry, Desk(at), new DemoClock(at < now ? at : now)).MarkReadAsync(professionalId, bulletinId, ct);
    }

    private async Task<int> RecordAsync(int territoryId, MessageSource source, string sender, string address, DateTime receivedParis, string subject, string? html,
        IReadOnlyList<string> themes, IReadOnlyList<string> professions, IReadOnlyList<AttachmentInput>? attachments = null, string? text = null, bool allowDuplicate = false,
        CancellationToken ct = default)
    {
        var coordinator = await signIn.CreateAsync(await users.FindByEmailAsync("coordination@demo.maillage.test") ?? throw new InvalidOperationException("demo coordinator missing"));
        return (await messages.RecordAsync(new MessageInput(territoryId, source, sender, address, receivedParis, subject, text, html, themes, professions, attachments,
            AllowDuplicate: allowDuplicate), coordinator, ct)).Id;
    }

    /// <summary>A clock stopped at one moment: the use cases date what they do then.</summary>
    private sealed class DemoClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
    }
}
