using System.Text.Json;
using Maillage.Features.Geography;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Directory.Pages;

/// <summary>The map of the care offer, with an equivalent list: the list is the page, the map enhances it.</summary>
public sealed class MapModel(DirectoryAccess access, MapSites mapSites, NameTerritories territoryNames, ShowTerritory showTerritory, IConfiguration configuration) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Territory { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Capability { get; set; }

    public IReadOnlyDictionary<int, string> Territories { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<MapSite> Sites { get; private set; } = [];

    public IReadOnlyList<TerritoryCommune> Communes { get; private set; } = [];

    public string TileUrl => MapSettings.TileUrl(configuration);

    public string Attribution => configuration["Maillage:Map:Attribution"] ?? "© les contributeurs d'OpenStreetMap";

    // camelCase for map.js; the default encoder escapes <, > and &, so the JSON is safe inside <script>.
    public string MapData => JsonSerializer.Serialize(Sites.Where(s => s.Latitude is not null).Select(s => new
    {
        s.StructureId, s.StructureName, s.SiteName, s.CommuneName, s.Phone, lat = s.Latitude, lon = s.Longitude, s.OpenNow,
    }), new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var reader = await access.ReaderAsync(User, ct);
        Territories = await territoryNames.ExecuteAsync(null, ct, reader.Scope);
        Territory ??= Territories.Count > 0 ? Territories.Keys.First() : null;
        try
        {
            Sites = await mapSites.ExecuteAsync(reader.Scope, Territory, Capability, ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(nameof(Capability), e.Message);
        }

        if (Territory is { } id && string.IsNullOrEmpty(TileUrl))
        {
            Communes = (await showTerritory.ExecuteAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.Scope, ct)).Communes;
        }
    }
}

/// <summary>The map tile source. Empty means no tiles: points only, with the territory's communes listed.</summary>
public static class MapSettings
{
    public const string DefaultTileUrl = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    public static string TileUrl(IConfiguration configuration) => configuration["Maillage:Map:TileUrl"] ?? DefaultTileUrl;

    /// <summary>The tile server's origin, for the Content-Security-Policy's img-src.</summary>
    public static string? TileOrigin(IConfiguration configuration) =>
        Uri.TryCreate(TileUrl(configuration).Replace("{s}", "a").Replace("{z}", "0").Replace("{x}", "0").Replace("{y}", "0"), UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{(TileUrl(configuration).Contains("{s}") ? "*." + string.Join('.', uri.Host.Split('.').Skip(1)) : uri.Host)}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}"
            : null;
}
