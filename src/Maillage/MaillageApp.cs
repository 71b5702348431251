using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Bulletins;
using Maillage.Features.Bulletins.Library;
using Maillage.Features.Crisis;
using Maillage.Features.Demo;
using Maillage.Features.Directory;
using Maillage.Features.Equipment;
using Maillage.Features.FollowUp;
using Maillage.Features.Geography;
using Maillage.Features.Regulation;
using Maillage.Features.Reporting;
using Maillage.Features.Rosters;
using Maillage.Infrastructure;

namespace Maillage;

/// <summary>Composition shared by the web app and the CLI: which features exist and what they register.</summary>
public static class MaillageApp
{
    public static IReadOnlyList<CliVerb> Verbs { get; } =
    [
        .. DataCli.Verbs(),
        .. GeographyCli.Verbs(),
        .. DirectoryCli.Verbs(),
        .. AccountsCli.Verbs(),
        .. DemoCli.Verbs(),
        .. RosterCli.Verbs(),
        .. RegulationCli.Verbs(),
        .. FollowUpCli.Verbs(),
        .. EquipmentCli.Verbs(),
        .. ReportingCli.Verbs(),
        .. BulletinsCli.Verbs(),
        .. MailCli.Verbs(),
        .. LibraryCli.Verbs(),
    ];

    public static void AddCore(IServiceCollection services, IConfiguration configuration)
    {
        services.AddMaillageData(configuration);
        services.AddHttpContextAccessor();
        services.AddAccounts(configuration);
        services.AddGeography();
        services.AddDirectory();
        services.AddCrisis();
        services.AddRosters();
        services.AddRegulation();
        services.AddFollowUp();
        services.AddEquipment();
        services.AddReporting();
        services.AddBulletins(configuration);
        services.AddLibrary();
        services.AddScoped<DemoLoader>();
        services.AddScoped<DemoDirectory>();
        services.AddScoped<DemoCrisis>();
        services.AddScoped<DemoRoster>();
        services.AddScoped<DemoRegulation>();
        services.AddScoped<DemoFollowUp>();
        services.AddScoped<DemoEquipment>();
        services.AddScoped<DemoReporting>();
        services.AddScoped<DemoLibrary>();
        services.AddScoped<DemoBulletins>();
    }

    public static Task<int> RunCliAsync(string[] args, TextReader input, TextWriter output, TextWriter error, IDictionary<string, string?>? configuration = null) =>
        CliHost.RunAsync(args, Verbs, AddCore, input, output, error, configuration);
}
