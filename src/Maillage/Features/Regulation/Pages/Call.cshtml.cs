using System.Globalization;
using System.Text.Json;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Regulation.Pages;

/// <summary>
/// One call, one screen at a time: who calls and from which commune, then the protocol's steps until the
/// orientation is known (a severity sign ends it at once), then the place and slot, the patient's
/// identity, and the record. Everything typed travels with the form, so nothing is lost on an error.
/// </summary>
[Authorize(Policy = RegulationFeature.StaffPolicy)]
public sealed class CallModel(
    ScopeOfUser scopeOfUser, OpenRegulationDesk desk, ProtocolVersions versions, EvaluateCall evaluate, RecordCall record, FindCommune findCommune,
    Directory.LabelSites sites, Directory.ListProfessionals professionals, TimeProvider time) : PageModel
{
    public const string DontKnow = "?";

    /// <summary>A secretary answers for the same site all day: the screen remembers it on this browser.</summary>
    public const string SiteCookie = "maillage-regulation-site";

    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty] public int? VersionId { get; set; }

    /// <summary>0: the call; 1…n: the protocol's steps.</summary>
    [BindProperty] public int Step { get; set; }

    [BindProperty] public DateTime? StartedAtUtc { get; set; }

    /// <summary>The orientation was shown: "back" returns to the step that decided it.</summary>
    [BindProperty] public bool Final { get; set; }

    [BindProperty] public string? CallerRelation { get; set; } = "patient";

    [BindProperty] public int? TakenAtSiteId { get; set; }

    [BindProperty] public string? Commune { get; set; }

    [BindProperty] public string? CallerName { get; set; }

    [BindProperty] public string? CallerPhone { get; set; }

    [BindProperty] public string? PatientLastName { get; set; }

    [BindProperty] public string? PatientFirstName { get; set; }

    [BindProperty] public DateOnly? PatientBirthDate { get; set; }

    [BindProperty] public string? PatientPhone { get; set; }

    [BindProperty] public string? RegularDoctorName { get; set; }

    [BindProperty] public string? OverrideOrientation { get; set; }

    [BindProperty] public string? OverrideReason { get; set; }

    /// <summary>"site:slot", "site:" (the place without a slot) or empty.</summary>
    [BindProperty] public string? Choice { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<Directory.SiteLabel> Sites { get; private set; } = [];

    /// <summary>The territory's GPs, "NAME First", offered as the patient's regular doctor.</summary>
    public IReadOnlyList<Directory.ProfessionalRow> Doctors { get; private set; } = [];

    public TriageProtocolVersion? Version { get; private set; }

    public TriageProtocol? Protocol { get; private set; }

    /// <summary>The answers as typed, by question id ("oui", "non", an option, a number, "?").</summary>
    public Dictionary<string, string> Raw { get; } = [];

    public Evaluation? Result { get; private set; }

    public CommuneDetails? ResolvedCommune { get; private set; }

    public bool Decided => Result?.Orientation.Decided == true;

    public IEnumerable<ProtocolQuestion> CurrentQuestions => Step >= 1 && Protocol is not null ? Protocol.Definition.Steps![Step - 1].Questions! : [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        StartedAtUtc = time.GetUtcNow().UtcDateTime;
        if (int.TryParse(Request.Cookies[SiteCookie], out var site) && Sites.Any(s => s.SiteId == site))
        {
            TakenAtSiteId = site;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostNextAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Protocol is null)
        {
            return Page();
        }

        ReadRaw();
        if (Step == 0)
        {
            if (!CallerRelations.Labels.ContainsKey(CallerRelation ?? ""))
            {
                ModelState.AddModelError(nameof(CallerRelation), "Indiquez qui appelle.");
            }

            ResolvedCommune = await ResolveCommuneAsync(ct);
            if (TakenAtSiteId is { } site && Sites.All(s => s.SiteId != site))
            {
                ModelState.AddModelError(nameof(TakenAtSiteId), "Choisissez un site du territoire.");
            }

            if (ModelState.IsValid)
            {
                Step = 1;
                if (TakenAtSiteId is { } chosen)
                {
                    Response.Cookies.Append(SiteCookie, chosen.ToString(CultureInfo.InvariantCulture),
                        new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
                }
            }

            return Page();
        }

        foreach (var q in CurrentQuestions.Where(q => !Raw.ContainsKey(q.Id!)))
        {
            ModelState.AddModelError(Field(q), $"Répondez à « {q.Label} »{(q.Optional ? " (ou « ne sait pas »)" : "")}.");
        }

        ResolvedCommune = await ResolveCommuneAsync(ct);
        if (!ModelState.IsValid || !await EvaluateAsync(ct))
        {
            return Page();
        }

        if (!Decided)
        {
            Step = Math.Min(Step + 1, Protocol.Definition.Steps!.Count);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostBackAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Protocol is null)
        {
            return Page();
        }

        ReadRaw();
        Step = Final ? Step : Math.Max(0, Step - 1);
        ResolvedCommune = await ResolveCommuneAsync(ct);
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostRecordAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Protocol is null)
        {
            return Page();
        }

        ReadRaw();
        ResolvedCommune = await ResolveCommuneAsync(ct);
        if (!ModelState.IsValid || !await EvaluateAsync(ct) || !Decided)
        {
            return Page();
        }

        var (site, slot) = ParseChoice();
        try
        {
            var id = await record.ExecuteAsync(new CallRequest(
                Version!.TerritoryId, Version.Id, TakenAtSiteId, StartedAtUtc, CallerName, CallerPhone, CallerRelation,
                PatientLastName, PatientFirstName, PatientBirthDate, PatientPhone, ResolvedCommune!.Code,
                Doctors.FirstOrDefault(d => string.Equals(d.Name, RegularDoctorName?.Trim(), StringComparison.OrdinalIgnoreCase))?.Id, RegularDoctorName,
                Answers(), OverrideOrientation, OverrideReason, site, slot), Actor.From(User), await scopeOfUser.ExecuteAsync(User, ct), ct);
            TempData["Message"] = "Fiche de régulation enregistrée.";
            return Redirect($"/regulation/appels/{id}");
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(FormField(e.Field), e.Message);
            await EvaluateAsync(ct); // slots may have changed meanwhile
            return Page();
        }
    }

    public static string Field(ProtocolQuestion q) => $"a_{q.Id}";

    public string? RawOf(ProtocolQuestion q) => Raw.GetValueOrDefault(q.Id!);

    private async Task LoadAsync(CancellationToken ct)
    {
        var opened = await desk.ExecuteAsync(User, TerritoryId, ct);
        var scope = opened.Scope;
        Territories = opened.Territories;
        TerritoryId = opened.TerritoryId;
        if (TerritoryId is not { } territory)
        {
            return;
        }

        Sites = await sites.OfTerritoryAsync(territory, ct);
        Doctors = (await professionals.ExecuteAsync(new Directory.DirectoryFilter(Profession: Directory.Professions.GeneralPractitioner, TerritoryId: territory), scope, 1, Paging.MaxPageSize, ct)).Items;
        if (VersionId is { } id)
        {
            (Version, Protocol) = await versions.PublishedAsync(id, scope, ct);
        }
        else if (await versions.CurrentAsync(territory, scope, ct) is { } current)
        {
            (Version, Protocol) = current;
            VersionId = Version.Id;
        }

        Step = Math.Clamp(Step, 0, Protocol?.Definition.Steps!.Count ?? 0);
    }

    /// <summary>Answers of the steps shown so far; what is not a valid answer is reported on its field.</summary>
    private void ReadRaw()
    {
        var upTo = Math.Min(Math.Max(Step, 0), Protocol!.Definition.Steps!.Count);
        foreach (var q in Protocol.Definition.Steps!.Take(upTo).SelectMany(s => s.Questions!))
        {
            var value = Request.Form[Field(q)].ToString().Trim();
            if (Request.Form[Field(q) + "_nsp"] == "on" && q.Optional)
            {
                value = DontKnow;
            }

            if (value.Length > 0)
            {
                Raw[q.Id!] = value;
            }
        }
    }

    private Dictionary<string, JsonElement> Answers()
    {
        var answers = new Dictionary<string, JsonElement>();
        foreach (var (id, value) in Raw)
        {
            var q = Protocol!.QuestionById[id];
            object? typed = value == DontKnow ? null : q.Type switch
            {
                QuestionType.YesNo => value == "oui",
                QuestionType.Number => double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : value,
                _ => value,
            };
            answers[id] = JsonSerializer.SerializeToElement(typed);
        }

        return answers;
    }

    private async Task<bool> EvaluateAsync(CancellationToken ct)
    {
        foreach (var (id, value) in Raw.Where(r => Protocol!.QuestionById[r.Key].Type == QuestionType.Number && r.Value != DontKnow))
        {
            if (!double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            {
                ModelState.AddModelError($"a_{id}", $"« {value} » n'est pas un nombre (exemple : 37,8).");
            }
        }

        if (!ModelState.IsValid)
        {
            return false;
        }

        try
        {
            Result = await evaluate.ExecuteAsync(Version!.TerritoryId, Version.Id, Answers(), ResolvedCommune?.Code, await scopeOfUser.ExecuteAsync(User, ct), ct);
            return true;
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid)
        {
            var field = Protocol!.Questions.FirstOrDefault(q => e.Message.Contains($"« {q.Id} »", StringComparison.Ordinal));
            ModelState.AddModelError(field is null ? "" : Field(field), e.Message);
            return false;
        }
    }

    private async Task<CommuneDetails?> ResolveCommuneAsync(CancellationToken ct)
    {
        try
        {
            return await findCommune.ExecuteAsync(Commune, ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(nameof(Commune), e.Message);
            return null;
        }
    }

    private (int? Site, int? Slot) ParseChoice()
    {
        var parts = (Choice ?? "").Split(':');
        return (parts.Length > 0 && int.TryParse(parts[0], out var site) ? site : null, parts.Length > 1 && int.TryParse(parts[1], out var slot) ? slot : null);
    }

    private static string FormField(string? field) => field switch
    {
        "answers" => "",
        "slotId" or "placeSiteId" => nameof(Choice),
        "patientCommuneCode" => nameof(Commune),
        _ => FormFields.Property(field),
    };
}
