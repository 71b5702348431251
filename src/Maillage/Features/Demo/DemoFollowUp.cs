using System.Security.Claims;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.FollowUp;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Maillage.Features.Demo;

/// <summary>
/// Fictional patients under follow-up, so the board has something to show from the start: one waiting for
/// a volunteer GP's answer, one whose request waits for Dr Paul Généraliste (the demo account medecin@…),
/// and one followed by Dr Hélène Barral with a nurse, whose next contact is already due. The hospital
/// liaison (liaison@…) has told primary care of two stays: Dr Généraliste's patient in hospital since a few
/// days, whose discharge is still to record, and a patient of Dr Barral just discharged, taken
/// over by her with the nurse of her MSP. An outreach campaign for isolated elderly people is shared
/// between Dr Généraliste and the nurse Léa Fabre.
/// </summary>
public sealed class DemoFollowUp(
    FollowUpBoard board, ListProfessionals professionals, OpenFollowUpEpisode open, ShowEpisode show, AnswerHandoff answer, AddCareTeamMember team, RecordContact contact,
    RecordAdmission admit, RecordDischarge discharge, Outreach outreach, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> signIn, TimeProvider time)
{
    public const string Hospital = "Centre hospitalier du Cœur d'Hérault (fictif)";

    public async Task ExecuteAsync(int territoryId, CancellationToken ct = default)
    {
        if ((await board.CountsAsync(territoryId, UserScope.Everything, ct)).OpenEpisodes > 0)
        {
            return;
        }

        var people = (await professionals.ExecuteAsync(new DirectoryFilter(TerritoryId: territoryId), UserScope.Everything, 1, 100, ct)).Items;
        int Id(string name) => people.First(p => p.Name == name).Id;
        var loader = Principal("demo-loader", "chargement de la démonstration", null);
        var now = time.GetUtcNow().UtcDateTime;

        await open.ExecuteAsync(new EpisodeRequest(territoryId, "Exemple-Martin", "Jeanne (fictive)", new DateOnly(1946, 5, 12), null, "34079", null,
            EpisodeReason.SuspectedInfection, "Vue au centre Covid (exemple fictif), sans médecin traitant.", now.AddDays(1)), loader, ct);
        await open.ExecuteAsync(new EpisodeRequest(territoryId, "Exemple-Roux", "Marcel (fictif)", new DateOnly(1939, 11, 2), null, "34142", Id("GÉNÉRALISTE Paul"),
            EpisodeReason.DischargeSurveillance, "Sortie d'hospitalisation (exemple fictif) : SpO2 deux fois par jour pendant 7 jours, consultation sous 48 h.", now.AddDays(2)), loader, ct);
        var followed = await open.ExecuteAsync(new EpisodeRequest(territoryId, "Exemple-Vidal", "Lucie (fictive)", new DateOnly(1958, 3, 30), null, "34079", Id("BARRAL Hélène"),
            EpisodeReason.ConfirmedInfection, "Test positif (exemple fictif).", null), loader, ct);

        // Dr Barral answers as herself: her directory entry is found by her (fictional) e-mail.
        var doctor = Principal("demo-barral", "Hélène Barral (fictive)", "helene.barral@demo.maillage.test");
        var request = (await show.ExecuteAsync(followed, doctor, ct)).PendingHandoffId!.Value;
        await answer.ExecuteAsync(request, true, null, doctor, ct);
        await team.ExecuteAsync(followed, Id("FABRE Léa"), "surveillance à domicile", doctor, ct);
        await contact.ExecuteAsync(followed, now.AddHours(-20), ContactChannel.HomeVisit, "SpO2 94 %, fatigue (exemple fictif)", null, now.AddMinutes(1), doctor, ct);

        // The stays are recorded by the demo liaison's own account, so that he finds them on his desk and keeps reading the follow-up he opened.
        var liaison = await AccountAsync("liaison@demo.maillage.test");
        var today = French.DateOf(now);
        DateTime Paris(int daysAgo, int hour, int minute) => French.ToUtc(today.AddDays(-daysAgo).ToDateTime(new TimeOnly(hour, minute)));
        await admit.ExecuteAsync(new AdmissionRequest(territoryId, Hospital, "Exemple-Fournier", "Henri (fictif)", new DateOnly(1943, 9, 18), "34194", Id("GÉNÉRALISTE Paul"),
            Paris(3, 9, 15)), liaison, ct);

        var stay = await admit.ExecuteAsync(new AdmissionRequest(territoryId, Hospital, "Exemple-Garcia", "Rose (fictive)", new DateOnly(1951, 1, 7), "34142", Id("BARRAL Hélène"),
            Paris(6, 16, 40)), liaison, ct);
        var discharged = Min(now.AddMinutes(-30), Paris(0, 10, 0));
        var home = await discharge.ExecuteAsync(stay, new DischargeRequest(discharged, new SurveillancePlan("SpO2", 2, 5, 2, 72),
            "Pneumopathie (exemple fictif) ; oxygène arrêté la veille de la sortie."), liaison, ct);
        request = (await show.ExecuteAsync(home, doctor, ct)).PendingHandoffId!.Value;
        await answer.ExecuteAsync(request, true, null, doctor, ct);
        await team.ExecuteAsync(home, Id("REY Nadia"), "soins infirmiers à domicile", doctor, ct);

        // An outreach campaign shared between Dr Généraliste and the nurse Léa Fabre (medecin@… and infirmiere@…), one call already made.
        var campaign = await outreach.CreateAsync(new CampaignRequest(territoryId, "Personnes âgées isolées (exemple fictif)",
            [VulnerabilityCriteria.ElderlyLivingAlone, VulnerabilityCriteria.ChronicDisease], 12, 2), loader, ct);
        await outreach.ImportAsync(campaign, """
            nom;prenom;date_naissance;telephone;commune;maladie_chronique;vit_seul;precarite;derniere_visite
            Exemple-Blanc;Yvonne (fictive);1938-02-14;04 99 00 00 01;34079;non;oui;non;
            Exemple-Morel;André (fictif);1941-07-03;04 99 00 00 02;34142;oui;oui;non;
            Exemple-Girard;Odette (fictive);1935-12-24;;34194;non;oui;non;
            Exemple-Faure;Jean (fictif);1950-04-09;04 99 00 00 04;34114;oui;non;oui;
            Exemple-Mercier;Simone (fictive);1944-10-30;04 99 00 00 05;34079;non;oui;non;
            Exemple-Lambert;Paul (fictif);1975-06-18;04 99 00 00 06;34079;non;non;non;
            """, dryRun: false, loader, ct);
        await outreach.SplitAsync(campaign, [Id("GÉNÉRALISTE Paul"), Id("FABRE Léa")], loader, ct);
        var nurse = await AccountAsync("infirmiere@demo.maillage.test");
        if ((await outreach.MineAsync(nurse, ct)).FirstOrDefault() is { } first)
        {
            await outreach.RecordCallAsync(first.Target.Id, OutreachOutcome.NotReached, "Pas de réponse, pas de messagerie (exemple fictif).", null, nurse, ct);
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>A demo account as it is when signed in: its own id, roles and territories.</summary>
    private async Task<ClaimsPrincipal> AccountAsync(string email) =>
        await signIn.CreateAsync(await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"demo account {email} missing"));

    /// <summary>
    /// The loader acts for demo people without their accounts: an administrator (every territory) who,
    /// with an e-mail, is also the professional of that directory entry.
    /// </summary>
    private static ClaimsPrincipal Principal(string id, string name, string? email)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id), new(ClaimTypes.Name, name), new(ClaimTypes.Role, Roles.Administrator) };
        if (email is not null)
        {
            claims.Add(new Claim(ClaimTypes.Role, Roles.Professional));
            claims.Add(new Claim(ClaimTypes.Email, email));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "demo"));
    }
}
