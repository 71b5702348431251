using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Directory;

/// <summary>The FHIR export, checked by the official FHIR R4 JSON schema (an external validator, run with node).</summary>
public abstract class DirectoryFhirTests(AppFixture app)
{
    private async Task<JsonObject> DemoBundleAsync()
    {
        var demo = JsonDocument.Parse((await app.CliAsync("demo", "load", "--json")).Output).RootElement;
        var territory = demo.GetProperty("territory").GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Combine(TestDatabases.Root, $"fhir-{Guid.NewGuid():N}.json");
        var export = await app.CliAsync("directory", "export-fhir", "--territory", territory, "--out", path);
        Assert.True(export.ExitCode == 0, export.Error);
        return JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
    }

    [SkippableFact]
    public async Task Exported_bundle_passes_the_fhir_r4_schema_and_every_reference_resolves()
    {
        await app.StartAsync();
        var bundle = await DemoBundleAsync();
        var path = Path.Combine(TestDatabases.Root, $"fhir-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, bundle.ToJsonString());
        var (exitCode, output) = await FhirValidator.ValidateAsync(path);
        Assert.True(exitCode == 0, output);

        var entries = bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).ToList();
        Assert.Equal(["HealthcareService", "Location", "Organization", "Practitioner", "PractitionerRole"], entries.Select(r => (string)r["resourceType"]!).Distinct().Order());
        var ids = entries.Select(r => $"{r["resourceType"]}/{r["id"]}").ToHashSet();
        var references = FhirValidator.Descendants(bundle).OfType<JsonObject>().Where(o => o["reference"] is not null).Select(o => (string)o["reference"]!).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, ids));
        Assert.DoesNotContain(FhirValidator.Descendants(bundle), n => n is JsonArray { Count: 0 } or JsonObject { Count: 0 } || (n is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0));
    }

    [SkippableFact]
    public async Task French_identifiers_follow_the_national_systems()
    {
        await app.StartAsync();
        var entries = (await DemoBundleAsync())["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).ToList();
        var practitioner = entries.First(r => (string)r["resourceType"]! == "Practitioner");
        var identifiers = practitioner["identifier"]!.AsArray().Select(i => ((string)i!["system"]!, (string)i["value"]!)).ToList();
        var rpps = identifiers.Single(i => i.Item1 == "https://rpps.esante.gouv.fr").Item2;
        Assert.Contains(("urn:oid:1.2.250.1.71.4.2.1", "8" + rpps), identifiers);

        var organization = entries.First(r => (string)r["resourceType"]! == "Organization");
        var siret = organization["identifier"]!.AsArray().Single(i => (string)i!["type"]!["coding"]![0]!["code"]! == "SIRET")!;
        Assert.Equal("https://sirene.fr", (string)siret["system"]!);

        var service = entries.First(r => (string)r["resourceType"]! == "HealthcareService" && (string)r["name"]! == "Urgences");
        Assert.True((bool)service["availableTime"]![0]!["allDay"]!);
    }

    [SkippableFact]
    public async Task Fhir_endpoints_answer_searchsets_and_reads_and_require_an_account()
    {
        await app.StartAsync();
        var demo = JsonDocument.Parse((await app.CliAsync("demo", "load", "--json")).Output).RootElement;
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.AnonymousClient().GetAsync("/fhir/Organization")).StatusCode);

        var authority = await app.LoginAsync("ars@demo.maillage.test", "Demo-Maillage-2020");
        var response = await authority.GetAsync($"/fhir/Location?territory={demo.GetProperty("territory").GetProperty("id").GetInt32()}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var searchset = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("searchset", (string)searchset["type"]!);
        Assert.Equal(7, (int)searchset["total"]!);
        var first = searchset["entry"]![0]!["resource"]!;
        var read = JsonNode.Parse(await authority.GetStringAsync($"/fhir/Location/{first["id"]}"))!;
        Assert.Equal((string)first["name"]!, (string)read["name"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await authority.GetAsync("/fhir/Location/site-999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await authority.GetAsync("/fhir/Patient")).StatusCode);

        var path = Path.Combine(TestDatabases.Root, $"searchset-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, searchset.ToJsonString());
        var (exitCode, output) = await FhirValidator.ValidateAsync(path);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task The_validator_rejects_invalid_resources()
    {
        var path = Path.Combine(Path.GetTempPath(), $"invalid-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{\"resourceType\":\"Organization\",\"id\":\"x\",\"active\":\"yes\"}");
        var (exitCode, output) = await FhirValidator.ValidateAsync(path);
        Assert.Equal(1, exitCode);
        Assert.Contains("active", output);
        File.Delete(path);
    }
}

public sealed class DirectoryFhirSqliteTests(SqliteApp app) : DirectoryFhirTests(app), IClassFixture<SqliteApp>;

public sealed class DirectoryFhirPostgresTests(PostgresApp app) : DirectoryFhirTests(app), IClassFixture<PostgresApp>;
