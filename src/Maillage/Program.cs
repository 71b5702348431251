using Maillage;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Bulletins;
using Maillage.Features.Bulletins.Library;
using Maillage.Features.Crisis;
using Maillage.Features.Directory;
using Maillage.Features.Equipment;
using Maillage.Features.FollowUp;
using Maillage.Features.Geography;
using Maillage.Features.Regulation;
using Maillage.Features.Reporting;
using Maillage.Features.Rosters;
using Maillage.Features.Shell;
using Maillage.Infrastructure;

if (CliHost.IsCommand(args))
{
    return await MaillageApp.RunCliAsync(args, Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(WebHosting.Options(args));
MaillageApp.AddCore(builder.Services, builder.Configuration);
builder.Services.AddMaillageWeb(builder.Configuration);
builder.Services.AddShell();
builder.Services.AddAccountsWeb();
builder.Services.AddGeographyWeb();
builder.Services.AddDirectoryWeb(builder.Configuration);
builder.Services.AddFollowUpJobs();
builder.Services.AddBulletinJobs();

var app = builder.Build();
try
{
    await app.Services.PrepareDatabaseAsync();
}
catch (DomainException e)
{
    Console.Error.WriteLine($"maillage: {e.Message}");
    return 1;
}

app.UseMaillageWeb();
app.MapShell();
app.MapGeography();
app.MapDirectory();
app.MapCrisis();
app.MapRosters();
app.MapRegulation();
app.MapFollowUp();
app.MapEquipment();
app.MapReporting();
app.MapBulletins();
app.MapLibrary();
await app.RunAsync();
return 0;

public partial class Program;
