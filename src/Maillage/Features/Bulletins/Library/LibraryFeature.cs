using System.Globalization;
using System.Text.Json;
using Maillage.Features.Accounts;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Features.Bulletins.Library;

/// <summary>A new document as the API receives it, in JSON (text only) or as multipart form fields with a "file".</summary>
public sealed record DocumentRequest(
    int? TerritoryId, string? Kind, string? Title, string? Body, IReadOnlyList<string>? Themes, IReadOnlyList<string>? Professions,
    string? ValidFrom, string? ValidUntil, string? ChangeNote);

public sealed record VersionRequest(
    int? BasedOnVersion, string? Title, string? Body, string? ValidFrom, string? ValidUntil, string? ChangeNote, bool? RemoveFile,
    IReadOnlyList<string>? Themes, IReadOnlyList<string>? Professions);

public sealed record RestoreRequest(int? BasedOnVersion);

public sealed record SupersedeRequest(int? ByDocumentId, int? Version);

public static class LibraryFeature
{
    public static IServiceCollection AddLibrary(this IServiceCollection services)
    {
        services.AddScoped<LibraryLookup>();
        services.AddScoped<CreateDocument>();
        services.AddScoped<AddVersion>();
        services.AddScoped<RestoreVersion>();
        services.AddScoped<SupersedeDocument>();
        services.AddScoped<ArchiveDocument>();
        services.AddScoped<ShowDocument>();
        services.AddScoped<SearchLibrary>();
        services.AddScoped<ListLibraryThemes>();
        services.AddScoped<DownloadVersionFile>();
        return services;
    }

    public static DateOnly? Date(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw DomainException.Invalid($"Date invalide « {text.Trim()} » : attendu AAAA-MM-JJ.", field);

    public static WebApplication MapLibrary(this WebApplication app)
    {
        var api = app.MapGroup("/api/library").RequireAuthorization().WithTags("Bibliothèque");
        var edit = api.MapGroup("").RequireAuthorization(AccountsFeature.TerritoryEditorPolicy).AddEndpointFilter<IdempotentFilter>();

        api.MapGet("", async (string? q, int? territoryId, string? kind, string? theme, string? profession, bool? archived, bool? expired, bool? superseded,
            int? page, int? size, HttpContext http, ScopeOfUser scopes, SearchLibrary search, CancellationToken ct) =>
            TypedResults.Ok(await search.ExecuteAsync(
                new LibraryQuery(q, territoryId, LibraryRules.ParseKind(kind), theme, profession, archived ?? false, expired ?? false, superseded ?? false),
                await scopes.ExecuteAsync(http.User, ct), page, size, ct)));
        api.MapGet("/themes", async (HttpContext http, ScopeOfUser scopes, ListLibraryThemes themes, CancellationToken ct) =>
            TypedResults.Ok(await themes.ExecuteAsync(await scopes.ExecuteAsync(http.User, ct), ct)));
        api.MapGet("/{id:int}", async (int id, HttpContext http, ScopeOfUser scopes, ShowDocument show, CancellationToken ct) =>
            TypedResults.Ok(await show.ExecuteAsync(id, await scopes.ExecuteAsync(http.User, ct), ct)));
        api.MapGet("/{id:int}/versions/{number:int}", async (int id, int number, HttpContext http, ScopeOfUser scopes, ShowDocument show, CancellationToken ct) =>
            TypedResults.Ok((await show.ExecuteAsync(id, await scopes.ExecuteAsync(http.User, ct), ct)).Versions.FirstOrDefault(v => v.Number == number)
                ?? throw DomainException.NotFound($"Aucune version {number} de ce document.", "number")));
        api.MapGet("/{id:int}/file", async (int id, int? version, HttpContext http, ScopeOfUser scopes, DownloadVersionFile download, CancellationToken ct) =>
        {
            var file = await download.ExecuteAsync(id, version, await scopes.ExecuteAsync(http.User, ct), ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        });

        edit.MapPost("", async Task<Created<object>> (HttpContext http, ScopeOfUser scopes, CreateDocument create, CancellationToken ct) =>
        {
            var (request, file) = await ReadAsync<DocumentRequest>(http, ct);
            var id = await create.ExecuteAsync(
                new NewDocument(request.TerritoryId ?? throw DomainException.Invalid("Le territoire est obligatoire.", "territoryId"),
                    LibraryRules.ParseKind(request.Kind), request.Title, request.Body, request.Themes, request.Professions,
                    Date(request.ValidFrom, "validFrom"), Date(request.ValidUntil, "validUntil"), file, ChangeNote: request.ChangeNote),
                Actor.From(http.User), await scopes.ExecuteAsync(http.User, ct), ct);
            return TypedResults.Created($"/api/library/{id}", (object)new { id });
        });
        edit.MapPost("/{id:int}/versions", async Task<Created<object>> (int id, HttpContext http, ScopeOfUser scopes, AddVersion add, CancellationToken ct) =>
        {
            var (request, file) = await ReadAsync<VersionRequest>(http, ct);
            var number = await add.ExecuteAsync(id,
                new NewVersion(request.BasedOnVersion ?? throw DomainException.Invalid("La version de départ (basedOnVersion) est obligatoire.", "basedOnVersion"),
                    request.Title, request.Body, Date(request.ValidFrom, "validFrom"), Date(request.ValidUntil, "validUntil"), request.ChangeNote, file,
                    request.RemoveFile ?? false, request.Themes, request.Professions),
                Actor.From(http.User), await scopes.ExecuteAsync(http.User, ct), ct);
            return TypedResults.Created($"/api/library/{id}/versions/{number}", (object)new { version = number });
        });
        edit.MapPost("/{id:int}/versions/{number:int}/restore", async Task<Created<object>> (int id, int number, RestoreRequest request, HttpContext http, ScopeOfUser scopes, RestoreVersion restore, CancellationToken ct) =>
        {
            var created = await restore.ExecuteAsync(id, number,
                request.BasedOnVersion ?? throw DomainException.Invalid("La version de départ (basedOnVersion) est obligatoire.", "basedOnVersion"),
                Actor.From(http.User), await scopes.ExecuteAsync(http.User, ct), ct);
            return TypedResults.Created($"/api/library/{id}/versions/{created}", (object)new { version = created });
        });
        edit.MapPost("/{id:int}/supersede", async (int id, SupersedeRequest request, HttpContext http, ScopeOfUser scopes, SupersedeDocument supersede, CancellationToken ct) =>
        {
            await supersede.ExecuteAsync(id, request.ByDocumentId, request.Version, Actor.From(http.User), await scopes.ExecuteAsync(http.User, ct), ct);
            return TypedResults.NoContent();
        });
        edit.MapPost("/{id:int}/archive", async (int id, HttpContext http, ScopeOfUser scopes, ArchiveDocument archive, CancellationToken ct) =>
        {
            await archive.ExecuteAsync(id, true, Actor.From(http.User), await scopes.ExecuteAsync(http.User, ct), ct);
            return TypedResults.NoContent();
        });
        edit.MapPost("/{id:int}/restore", async (int id, HttpContext http, ScopeOfUser scopes, ArchiveDocument archive, CancellationToken ct) =>
        {
            await archive.ExecuteAsync(id, false, Actor.From(http.User), await scopes.ExecuteAsync(http.User, ct), ct);
            return TypedResults.NoContent();
        });
        return app;
    }

    /// <summary>
    /// The same request as JSON or as a multipart form (the only way to send a file). Fields have the JSON
    /// names; lists repeat the field or separate values with commas.
    /// </summary>
    private static async Task<(T Request, UploadedFile? File)> ReadAsync<T>(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            try
            {
                var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                return (await http.Request.ReadFromJsonAsync<T>(options, ct) ?? throw DomainException.Invalid("Corps de requête vide.", "body"), null);
            }
            catch (JsonException)
            {
                throw DomainException.Invalid("Corps JSON illisible.", "body");
            }
            catch (InvalidOperationException)
            {
                throw DomainException.Invalid("Envoyez du JSON (application/json) ou un formulaire multipart/form-data.", "body");
            }
        }

        var form = await http.Request.ReadFormAsync(ct);
        UploadedFile? file = null;
        if (form.Files.GetFile("file") is { } upload)
        {
            if (upload.Length > LibraryRules.MaxFileBytes)
            {
                throw DomainException.Invalid($"Le fichier dépasse {LibraryRules.MaxFileBytes / 1024 / 1024} Mo.", "file");
            }

            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, ct);
            file = new UploadedFile(upload.FileName, upload.ContentType, buffer.ToArray());
        }

        string? Text(string name) => form.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;
        IReadOnlyList<string>? List(string name) => form.TryGetValue(name, out var v) ? v.Where(s => s is not null).Select(s => s!).ToList() : null;
        int? Number(string name) => Text(name) is { Length: > 0 } t
            ? int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw DomainException.Invalid($"Nombre attendu pour {name}.", name)
            : null;
        object request = typeof(T) == typeof(DocumentRequest)
            ? new DocumentRequest(Number("territoryId"), Text("kind"), Text("title"), Text("body"), List("themes"), List("professions"), Text("validFrom"), Text("validUntil"), Text("changeNote"))
            : new VersionRequest(Number("basedOnVersion"), Text("title"), Text("body"), Text("validFrom"), Text("validUntil"), Text("changeNote"),
                Text("removeFile") is { } remove ? remove is "true" or "on" or "1" : null, List("themes"), List("professions"));
        return ((T)request, file);
    }
}
