using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Demo;

public sealed record DemoAccount(string Email, string Role, string DisplayName, string Password);

public sealed record DemoResult(TerritorySummary Territory, IReadOnlyList<DemoAccount> Accounts, bool GeographyImported, int DirectoryStructures);

/// <summary>
/// Loads the demo territory: a fictional CPTS on the real communes of three EPCI of the Hérault, and one
/// fictional account per role (two health professionals: a GP and a nurse, each with their directory entry).
/// Idempotent. People are fictional and marked as such; places are real.
/// </summary>
public sealed class DemoLoader(
    ShowCommune showCommune,
    GeoImport geoImport,
    CreateTerritory createTerritory,
    ShowTerritory showTerritory,
    AddUser addUser,
    UserManager<AppUser> users,
    DemoDirectory directory,
    DemoCrisis crisis,
    DemoRoster roster,
    DemoRegulation regulation,
    DemoFollowUp followUp,
    DemoEquipment equipment,
    DemoReporting reporting,
    DemoLibrary library,
    DemoBulletins bulletins)
{
    public const string TerritoryName = "CPTS Cœur d'Hérault";

    /// <summary>Shared by every demo account; printed by run.sh. Demo data only, never a real account.</summary>
    public const string Password = "Demo-Maillage-2020";

    public static readonly IReadOnlyList<string> Epcis =
    [
        "243400355", // CC du Clermontais
        "243400694", // CC Vallée de l'Hérault
        "200017341", // CC Lodévois et Larzac
    ];

    public static readonly IReadOnlyList<(string Email, string Role, string Name)> People =
    [
        ("admin@demo.maillage.test", Roles.Administrator, "Alice Administratrice (fictive)"),
        ("coordination@demo.maillage.test", Roles.Coordinator, "Camille Coordinatrice (fictive)"),
        ("medecin@demo.maillage.test", Roles.Professional, "Dr Paul Généraliste (fictif)"),
        ("infirmiere@demo.maillage.test", Roles.Professional, "Léa Fabre, infirmière (fictive)"),
        ("secretariat@demo.maillage.test", Roles.Secretary, "Sophie Secrétaire (fictive)"),
        ("liaison@demo.maillage.test", Roles.HospitalLiaison, "Hugo Liaison hospitalière (fictif)"),
        ("ars@demo.maillage.test", Roles.Authority, "Agathe ARS (fictive)"),
        ("regulation@demo.maillage.test", Roles.Regulation, "Rémi Régulateur Centre 15 (fictif)"),
        ("depot@demo.maillage.test", Roles.Depot, "Denis Bénévole du dépôt (fictif)"),
    ];

    public async Task<DemoResult> ExecuteAsync(CancellationToken ct = default)
    {
        var imported = false;
        try
        {
            await showCommune.ExecuteAsync("34079", ct);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            // No geography yet: the demo needs the real communes first.
            await geoImport.RunAsync(ct: ct);
            imported = true;
        }

        TerritorySummary territory;
        try
        {
            territory = (await showTerritory.ExecuteAsync(TerritoryName, UserScope.Everything, ct)).Summary;
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            territory = await createTerritory.ExecuteAsync(new TerritoryDefinition(TerritoryName, Epcis, [], []), Actor.CommandLine, isDemo: true, ct);
        }

        var accounts = new List<DemoAccount>();
        foreach (var (email, role, name) in People)
        {
            if (await users.FindByEmailAsync(email) is null)
            {
                var territories = role == Roles.Administrator ? Array.Empty<string>() : [TerritoryName];
                await addUser.ExecuteAsync(new NewUser(email, name, role, territories, Password, IsDemo: true), Actor.CommandLine, ct);
            }

            accounts.Add(new DemoAccount(email, role, name, Password));
        }

        var structures = await directory.ExecuteAsync(territory.Id, ct);
        await crisis.ExecuteAsync(territory.Id, ct);
        await roster.ExecuteAsync(territory.Id, ct);
        await regulation.ExecuteAsync(territory.Id, ct);
        await followUp.ExecuteAsync(territory.Id, ct);
        await equipment.ExecuteAsync(territory.Id, ct);
        await reporting.ExecuteAsync(territory.Id, ct);
        await library.ExecuteAsync(territory.Id, ct);
        await bulletins.ExecuteAsync(territory.Id, ct);
        return new DemoResult(territory, accounts, imported, structures);
    }
}

public static class DemoCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("demo load", "demo load [--json]", [], 0, LoadAsync),
    ];

    private static async Task<int> LoadAsync(CliContext cli)
    {
        var result = await cli.Get<DemoLoader>().ExecuteAsync();
        if (cli.Json)
        {
            cli.WriteJson(result);
            return 0;
        }

        cli.Out.WriteLine($"Demo territory: {result.Territory.Name} — {result.Territory.CommuneCount} communes, {French.Number(result.Territory.Population)} inhabitants, tier {result.Territory.SizeTier} (fictional CPTS, real communes)");
        if (result.DirectoryStructures > 0)
        {
            cli.Out.WriteLine($"Demo directory: {result.DirectoryStructures} structures (fictional) on real communes");
        }

        cli.Out.WriteLine($"Demo accounts (fictional people), password {DemoLoader.Password}:");
        foreach (var account in result.Accounts)
        {
            cli.Out.WriteLine($"  {account.Email,-36} {Roles.Label(account.Role),-36} {account.DisplayName}");
        }

        return 0;
    }
}
