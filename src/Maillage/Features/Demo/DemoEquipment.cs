using System.Security.Claims;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Features.Equipment;
using Microsoft.AspNetCore.Identity;

namespace Maillage.Features.Demo;

/// <summary>
/// The demo territory's equipment as in spring 2020: a depot at the CPTS and one at the Lodève MSP, the
/// State's weekly allocation, donations from (fictional) neighbours, a hairdresser and a sewing workshop
/// (one still in quarantine), masks handed to Dr Généraliste and the nurse Léa Fabre, FFP2 masks below
/// their alert threshold, and requests waiting for a split. Donors and people are fictional.
/// </summary>
public sealed class DemoEquipment(
    LabelSites sites, EquipmentCatalogue catalogue, RecordOperation record, StockReads stock, EquipmentRequests requests,
    Loans loans, ListProfessionals professionals, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> signIn)
{
    public async Task ExecuteAsync(int territoryId, CancellationToken ct = default)
    {
        if ((await catalogue.DepotsAsync(territoryId, ct)).Count > 0)
        {
            return;
        }

        var coordinator = await AccountAsync("coordination@demo.maillage.test");
        var volunteer = await AccountAsync("depot@demo.maillage.test");
        var places = await sites.OfTerritoryAsync(territoryId, ct);
        int Site(string structure) => places.First(s => s.StructureName.StartsWith(structure, StringComparison.Ordinal)).SiteId;
        var cpts = await catalogue.CreateDepotAsync(territoryId, new DepotRequest(Site("CPTS"), "Dépôt de la CPTS (Clermont-l'Hérault)"), coordinator, ct);
        var lodeve = await catalogue.CreateDepotAsync(territoryId, new DepotRequest(Site("MSP du Lodévois"), "Dépôt de la MSP du Lodévois"), coordinator, ct);

        var items = (await catalogue.ItemsAsync(territoryId, ct: ct)).ToDictionary(i => i.Code, i => i.Id);
        var people = (await professionals.ExecuteAsync(new DirectoryFilter(TerritoryId: territoryId), UserScope.Everything, 1, 100, ct)).Items;
        int Person(string name) => people.First(p => p.Name == name).Id;
        var inAYear = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1);

        Task<OperationResult> Do(OperationRequest r, ClaimsPrincipal who) => record.ExecuteAsync(territoryId, r, who, ct);
        await Do(new OperationRequest(OperationKind.StateAllocation, cpts, items["masque-chirurgical"], 500, ExpiresOn: inAYear, LotNumber: "ETAT-S14",
            Reason: "Dotation hebdomadaire de l'État (exemple fictif)"), coordinator);
        await Do(new OperationRequest(OperationKind.StateAllocation, cpts, items["masque-ffp2"], 200, ExpiresOn: inAYear.AddMonths(-6), LotNumber: "ETAT-F14"), coordinator);
        await Do(new OperationRequest(OperationKind.StateAllocation, cpts, items["gel-hydroalcoolique"], 20, ExpiresOn: inAYear), coordinator);

        var hairdresser = await catalogue.CreateDonorAsync(territoryId, new DonorRequest("Salon de coiffure « Les Ciseaux » (exemple fictif)", DonorCategory.Company, "04 67 00 20 00", "34079", null), volunteer, ct);
        var sewing = await catalogue.CreateDonorAsync(territoryId, new DonorRequest("Atelier de couture solidaire (exemple fictif)", DonorCategory.Association, null, "34142", null), volunteer, ct);
        var resident = await catalogue.CreateDonorAsync(territoryId, new DonorRequest("Mme Exemple-Durand, habitante (fictive)", DonorCategory.Resident, null, "34194", null), volunteer, ct);

        var gowns = await Do(new OperationRequest(OperationKind.Donation, cpts, items["surblouse"], 120, DonorId: hairdresser, Condition: "neuves, sous emballage"), volunteer);
        await Do(new OperationRequest(OperationKind.QualityRelease, cpts, items["surblouse"], LotId: gowns.Lines[0].LotId), volunteer);
        var visors = await Do(new OperationRequest(OperationKind.Donation, cpts, items["visiere"], 40, DonorId: resident, Condition: "imprimées en 3D"), volunteer);
        await Do(new OperationRequest(OperationKind.QualityRelease, cpts, items["visiere"], LotId: visors.Lines[0].LotId, RejectedQuantity: 4,
            Reason: "Élastique cassé (exemple fictif)"), volunteer);
        // Still in quarantine: the depot's quality check has something to do.
        await Do(new OperationRequest(OperationKind.Donation, cpts, items["masque-tissu"], 300, DonorId: sewing, Condition: "cousus main, lavables"), volunteer);

        await Do(new OperationRequest(OperationKind.Transfer, cpts, items["masque-chirurgical"], 100, ToDepotId: lodeve), coordinator);
        await Do(new OperationRequest(OperationKind.Distribution, cpts, items["masque-chirurgical"], 18, RecipientProfessionalId: Person("GÉNÉRALISTE Paul"), CollectedBy: "Paul Généraliste"), volunteer);
        await Do(new OperationRequest(OperationKind.Distribution, cpts, items["masque-chirurgical"], 18, RecipientProfessionalId: Person("FABRE Léa"), CollectedBy: "Léa Fabre"), volunteer);
        await Do(new OperationRequest(OperationKind.Distribution, cpts, items["masque-ffp2"], 24, RecipientProfessionalId: Person("BARRAL Hélène"), CollectedBy: "Hélène Barral"), volunteer);
        await Do(new OperationRequest(OperationKind.Loss, cpts, items["masque-chirurgical"], 10, Reason: "Carton mouillé (exemple fictif)"), volunteer);
        await stock.SetAlertAsync(territoryId, cpts, items["masque-ffp2"], 250, coordinator, ct);
        await stock.SetAlertAsync(territoryId, cpts, items["masque-chirurgical"], 100, coordinator, ct);

        var lendables = (await catalogue.ItemsAsync(territoryId, lendable: true, ct)).ToDictionary(i => i.Code, i => i.Id);
        await loans.RegisterAsync(territoryId, new UnitRequest(lendables["concentrateur-oxygene"], cpts, "Concentrateur n° 1", "EX-CO-0001", null), volunteer, ct);
        var oximeter = await loans.RegisterAsync(territoryId, new UnitRequest(lendables["saturometre"], cpts, "Saturomètre n° 1", null, null), volunteer, ct);
        await loans.RegisterAsync(territoryId, new UnitRequest(lendables["saturometre"], cpts, "Saturomètre n° 2", null, null), volunteer, ct);
        await loans.RegisterAsync(territoryId, new UnitRequest(lendables["vehicule"], lodeve, "Voiture de la mairie", null, "Service technique municipal (exemple fictif)"), coordinator, ct);
        await loans.LendAsync(territoryId, oximeter, new LendRequest(Person("FABRE Léa"), null, "Surveillance à domicile après une sortie d'hôpital",
            DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10), 0), volunteer, ct);

        await requests.CreateAsync(territoryId, new NewRequest(items["masque-ffp2"], 50, "Visites à domicile de patients Covid (exemple fictif)", RequestUrgency.Urgent, HomeVisits: true),
            await AccountAsync("medecin@demo.maillage.test"), ct);
        await requests.CreateAsync(territoryId, new NewRequest(items["masque-ffp2"], 100, "Soins à domicile, patients suspects (exemple fictif)", RequestUrgency.Normal, HomeVisits: true, SuspectedInfection: true),
            await AccountAsync("infirmiere@demo.maillage.test"), ct);
        await requests.CreateAsync(territoryId, new NewRequest(items["masque-ffp2"], 80, "Personnel soignant de l'établissement (exemple fictif)", StructureName: "EHPAD Les Oliviers (fictif)"),
            coordinator, ct);
    }

    private async Task<ClaimsPrincipal> AccountAsync(string email) =>
        await signIn.CreateAsync(await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"demo account {email} missing"));
}
