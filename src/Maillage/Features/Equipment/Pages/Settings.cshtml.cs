using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Equipment.Pages;

/// <summary>A quota row as typed: profession, item and units per week. A row left empty is ignored.</summary>
public sealed class QuotaRow
{
    public string? Profession { get; set; }

    public string? ItemCode { get; set; }

    public string? PerWeek { get; set; }
}

/// <summary>The territory's allocation rules (weights, bonuses, urgency factors, weekly quotas) and the depots' low-stock thresholds.</summary>
public sealed class SettingsModel(
    ScopeOfUser scopeOfUser, NameTerritories territories, EquipmentCatalogue catalogue, EquipmentPolicies policies, StockReads stock) : PageModel
{
    /// <summary>Empty quota rows offered under the existing ones.</summary>
    public const int BlankQuotaRows = 3;

    [BindProperty(SupportsGet = true, Name = "territoire")] public int? TerritoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "depot")] public int? DepotId { get; set; }

    [BindProperty] public int Version { get; set; }

    // Every number is typed as text: "1,5" and "1.5" both read, and a wrong entry stays in its field.
    [BindProperty(Name = "Weights")] public Dictionary<string, string?> Weights { get; set; } = [];

    [BindProperty] public string? OtherProfessionWeight { get; set; }

    [BindProperty] public string? StructureWeight { get; set; }

    [BindProperty] public string? HomeVisitsBonus { get; set; }

    [BindProperty] public string? SuspectedInfectionBonus { get; set; }

    [BindProperty] public string? UrgentFactor { get; set; }

    [BindProperty] public string? CriticalFactor { get; set; }

    [BindProperty(Name = "Quotas")] public List<QuotaRow> Quotas { get; set; } = [];

    [BindProperty(Name = "Alerts")] public Dictionary<int, string?> Alerts { get; set; } = [];

    [TempData] public string? Message { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<ItemView> Items { get; private set; } = [];

    public IReadOnlyList<DepotView> Depots { get; private set; } = [];

    public PolicyView? Current { get; private set; }

    /// <summary>The thresholds saved for the chosen depot, by item.</summary>
    public IReadOnlyDictionary<int, int?> Thresholds { get; private set; } = new Dictionary<int, int?>();

    public bool PostedAlerts { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        Fill(Current!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        var policy = Read();
        if (policy is null)
        {
            return Page();
        }

        try
        {
            await policies.SetAsync(TerritoryId!.Value, policy, Version, User, ct);
            Message = "Règles de répartition enregistrées : elles servent à la prochaine proposition.";
            return Redirect(Link());
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError(e.Field switch
            {
                "professionWeights" => "Weights",
                "version" or null => "",
                var f => FormFields.Property(f),
            }, e.Message);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostAlertsAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        PostedAlerts = true;
        Fill(Current!);
        if (DepotId is not { } depot)
        {
            ModelState.AddModelError("", "Choisissez le dépôt.");
            return Page();
        }

        var changes = new Dictionary<int, int?>();
        foreach (var item in Items)
        {
            var field = $"Alerts[{item.Id}]";
            try
            {
                var value = CoordinationPages.Whole(Alerts.GetValueOrDefault(item.Id), field, $"Seuil de « {item.Name} »");
                if (value is < 0)
                {
                    throw DomainException.Invalid($"Seuil de « {item.Name} » : un nombre entier positif, ou vide pour aucun.", field);
                }

                if (value != Thresholds.GetValueOrDefault(item.Id))
                {
                    changes[item.Id] = value;
                }
            }
            catch (DomainException e)
            {
                ModelState.AddModelError(field, e.Message);
            }
        }

        if (ModelState.ErrorCount > 0)
        {
            return Page();
        }

        try
        {
            foreach (var (itemId, value) in changes)
            {
                await stock.SetAlertAsync(TerritoryId!.Value, depot, itemId, value, User, ct);
            }
        }
        catch (DomainException e) when (e.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", e.Message);
            return Page();
        }

        Message = changes.Count == 0 ? "Aucun seuil n'a changé." : $"Seuils d'alerte enregistrés ({changes.Count} article(s)).";
        return Redirect(Link() + "#seuils");
    }

    public string Link() => $"/materiel/reglages?territoire={TerritoryId}{(DepotId is { } d ? $"&depot={d}" : "")}";

    public string AlertText(int itemId) =>
        PostedAlerts ? Alerts.GetValueOrDefault(itemId) ?? "" : Thresholds.GetValueOrDefault(itemId)?.ToString(French.Culture) ?? "";

    /// <summary>Reads the form into rules; a field that is not a number gets its own error, and nothing is saved.</summary>
    private AllocationPolicy? Read()
    {
        bool Try(Action check)
        {
            try
            {
                check();
                return true;
            }
            catch (DomainException e)
            {
                ModelState.AddModelError(FormFields.Property(e.Field), e.Message);
                return false;
            }
        }

        double Required(string? text, string field, string label, bool weight = true)
        {
            var value = 0.0;
            Try(() =>
            {
                value = CoordinationPages.Decimal(text, field, label) ?? throw DomainException.Invalid($"{label} : indiquez un nombre.", field);
                if (weight)
                {
                    AllocationPolicy.Weight(value, field, label);
                }
            });
            return value;
        }

        var weights = new Dictionary<string, double>();
        foreach (var profession in Professions.All)
        {
            var field = $"Weights[{profession.Code}]";
            var label = $"Poids de {profession.Label}";
            Try(() =>
            {
                // Empty: the profession weighs as the other professions.
                if (CoordinationPages.Decimal(Weights.GetValueOrDefault(profession.Code), field, label) is { } value)
                {
                    AllocationPolicy.Weight(value, field, label);
                    weights[profession.Code] = value;
                }
            });
        }

        var other = Required(OtherProfessionWeight, "otherProfessionWeight", "Poids des autres professions");
        var structure = Required(StructureWeight, "structureWeight", "Poids des structures");
        var home = Required(HomeVisitsBonus, "homeVisitsBonus", "Bonus visites à domicile");
        var infection = Required(SuspectedInfectionBonus, "suspectedInfectionBonus", "Bonus patients suspects");
        var urgent = Required(UrgentFactor, "urgentFactor", "Coefficient « urgent »", weight: false);
        var critical = Required(CriticalFactor, "criticalFactor", "Coefficient « vital »", weight: false);

        var quotas = new List<WeeklyQuota>();
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < Quotas.Count; i++)
        {
            var row = Quotas[i];
            var prefix = $"Quotas[{i}].";
            var line = $"Quota de la ligne {i + 1}";
            if (string.IsNullOrWhiteSpace(row.PerWeek))
            {
                continue; // An empty row, or a quota whose number was cleared to remove it.
            }

            var perWeek = -1;
            var ok = Try(() =>
            {
                perWeek = CoordinationPages.Whole(row.PerWeek, prefix + "PerWeek", line)!.Value;
                if (perWeek is < 0 or > StockLedger.MaxQuantity)
                {
                    throw DomainException.Invalid($"{line} : un nombre entier positif ou nul.", prefix + "PerWeek");
                }
            });
            if (Professions.Find(row.Profession) is null)
            {
                ModelState.AddModelError(prefix + "Profession", $"{line} : choisissez la profession.");
            }
            else if (Items.All(x => x.Code != row.ItemCode))
            {
                ModelState.AddModelError(prefix + "ItemCode", $"{line} : choisissez l'article.");
            }
            else if (!seen.Add((row.Profession!, row.ItemCode!)))
            {
                ModelState.AddModelError(prefix + "Profession", $"{line} : cette profession a déjà un quota pour cet article.");
            }
            else if (ok)
            {
                quotas.Add(new WeeklyQuota(row.Profession!, row.ItemCode!, perWeek));
            }
        }

        return ModelState.ErrorCount > 0 ? null : new AllocationPolicy(weights, other, structure, home, infection, urgent, critical, quotas);
    }

    private void Fill(PolicyView view)
    {
        Version = view.Version;
        var p = view.Policy;
        Weights = p.ProfessionWeights.ToDictionary(w => w.Key, w => (string?)CoordinationPages.Text(w.Value));
        (OtherProfessionWeight, StructureWeight, HomeVisitsBonus, SuspectedInfectionBonus, UrgentFactor, CriticalFactor) = (
            CoordinationPages.Text(p.OtherProfessionWeight), CoordinationPages.Text(p.StructureWeight), CoordinationPages.Text(p.HomeVisitsBonus),
            CoordinationPages.Text(p.SuspectedInfectionBonus), CoordinationPages.Text(p.UrgentFactor), CoordinationPages.Text(p.CriticalFactor));
        Quotas = p.Quotas.Select(q => new QuotaRow { Profession = q.Profession, ItemCode = q.ItemCode, PerWeek = q.PerWeek.ToString(French.Culture) }).ToList();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!EquipmentAccess.IsCoordinator(User))
        {
            return false;
        }

        (Territories, TerritoryId) = await TerritoryChoice.ForReaderAsync(scopeOfUser, territories, User, TerritoryId, ct);
        if (TerritoryId is not { } territory)
        {
            return false;
        }

        Items = await catalogue.ItemsAsync(territory, ct: ct);
        Depots = (await catalogue.DepotsAsync(territory, ct)).Where(d => d.Active).ToList();
        DepotId = DepotId is { } d && Depots.Any(x => x.Id == d) ? d : Depots.FirstOrDefault()?.Id;
        Current = await policies.ShowAsync(territory, User, ct);
        if (DepotId is { } depot)
        {
            Thresholds = (await stock.OverviewAsync(territory, User, ct)).Rows.Where(r => r.DepotId == depot).ToDictionary(r => r.ItemId, r => r.AlertBelow);
        }

        return true;
    }
}
