using System.Security.Claims;
using Maillage.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Features.Bulletins;

public sealed record MessageRequest(
    int TerritoryId, MessageSource? Source, string? SenderName, string? SenderAddress, DateTime? ReceivedAt, string? Subject, string? Body, string? BodyHtml,
    IReadOnlyList<string>? Themes, IReadOnlyList<string>? Professions, bool AllowDuplicate = false);

public sealed record PublishRequest(DateTime? PublishAt, int Version);

public sealed record VersionRequest(int Version, string? Reason = null);

public sealed record PreferenceRequest(MailMode Mode);

public static class BulletinsFeature
{
    public static IServiceCollection AddBulletins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMail(configuration);
        services.Configure<BulletinOptions>(configuration.GetSection("Maillage:Bulletins"));
        services.AddScoped<IncomingMessages>();
        services.AddScoped<BulletinDesk>();
        services.AddScoped<Inbox>();
        services.AddScoped<MailPreferences>();
        services.AddScoped<MailDispatcher>();
        services.AddScoped<WeekCoverage>();
        return services;
    }

    /// <summary>The publishing and e-mail job, for the web server only (the CLI runs one pass with <c>bulletins dispatch</c>).</summary>
    public static IServiceCollection AddBulletinJobs(this IServiceCollection services) => services.AddHostedService<BulletinJob>();

    private static IReadOnlyList<string> List(string? commaSeparated) =>
        string.IsNullOrWhiteSpace(commaSeparated) ? [] : commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static MessageInput ToInput(MessageRequest r) =>
        new(r.TerritoryId, r.Source, r.SenderName, r.SenderAddress, r.ReceivedAt, r.Subject, r.Body, r.BodyHtml, r.Themes, r.Professions, null, null, r.AllowDuplicate);

    public static WebApplication MapBulletins(this WebApplication app)
    {
        var messages = app.MapGroup("/api/messages").RequireAuthorization().WithTags("Information").AddEndpointFilter<IdempotentFilter>();
        messages.MapGet("", async (int? territoryId, string? q, string? source, string? theme, string? profession, bool? undiffused, bool? archived, int? page, int? pageSize,
                HttpContext http, IncomingMessages list, CancellationToken ct) =>
            TypedResults.Ok(await list.ListAsync(new MessageFilter(territoryId, q, EnumText.Parse<MessageSource>(source, "source"), theme, profession, undiffused == true, archived == true),
                page, pageSize, http.User, ct)));
        messages.MapPost("", async (MessageRequest request, HttpContext http, IncomingMessages record, CancellationToken ct) =>
        {
            var saved = await record.RecordAsync(ToInput(request), http.User, ct);
            return TypedResults.Created($"/api/messages/{saved.Id}", saved);
        });
        messages.MapPost("/import-eml", async (HttpContext http, IncomingMessages record, CancellationToken ct) =>
        {
            // Read by hand: a bound IFormFile would ask for the page antiforgery token, which API clients do not have.
            if (!http.Request.HasFormContentType)
            {
                throw DomainException.Invalid("Envoyez le fichier .eml en multipart/form-data (champ « file »).", "file");
            }

            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files["file"] ?? throw DomainException.Invalid("Joignez le fichier .eml (champ « file »).", "file");
            var territoryId = int.TryParse(form["territoryId"], out var t) ? t : throw DomainException.Invalid("Indiquez le territoire (territoryId).", "territoryId");
            await using var stream = file.OpenReadStream();
            var saved = await record.ImportEmlAsync(stream, territoryId, EnumText.Parse<MessageSource>(form["source"], "source"), List(form["themes"]), List(form["professions"]),
                form["allowDuplicate"] == "true", http.User, ct);
            return TypedResults.Created($"/api/messages/{saved.Id}", saved);
        });
        messages.MapGet("/{id:int}", async (int id, HttpContext http, IncomingMessages show, CancellationToken ct) => TypedResults.Ok(await show.ShowAsync(id, http.User, ct)));
        messages.MapPut("/{id:int}/tags", async (int id, MessageTags tags, HttpContext http, IncomingMessages tag, CancellationToken ct) =>
        {
            await tag.TagAsync(id, tags, http.User, ct);
            return TypedResults.NoContent();
        });
        messages.MapPost("/{id:int}/archive", async (int id, bool? restore, HttpContext http, IncomingMessages archive, CancellationToken ct) =>
        {
            await archive.ArchiveAsync(id, restore == true, http.User, ct);
            return TypedResults.NoContent();
        });
        messages.MapGet("/{id:int}/attachments/{attachmentId:int}", async (int id, int attachmentId, HttpContext http, IncomingMessages files, Inbox inbox, CancellationToken ct) =>
        {
            var me = BulletinAccess.MayPublish(http.User) ? null : (int?)await inbox.ReaderAsync(http.User, ct);
            var file = await files.AttachmentAsync(id, attachmentId, http.User, me, ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        });

        var bulletins = app.MapGroup("/api/bulletins").RequireAuthorization().WithTags("Information").AddEndpointFilter<IdempotentFilter>();
        bulletins.MapGet("", async (int? territoryId, string? status, string? q, int? page, int? pageSize, HttpContext http, BulletinDesk desk, CancellationToken ct) =>
            TypedResults.Ok(await desk.ListAsync(new BulletinFilter(territoryId, EnumText.Parse<BulletinStatus>(status, "status"), q), page, pageSize, http.User, ct)));
        bulletins.MapPost("", async (BulletinInput input, HttpContext http, BulletinDesk desk, CancellationToken ct) =>
        {
            var id = await desk.CreateAsync(input, http.User, ct);
            return TypedResults.Created($"/api/bulletins/{id}", await desk.ShowAsync(id, http.User, ct));
        });
        bulletins.MapPost("/audience", async (BulletinInput input, HttpContext http, BulletinDesk desk, CancellationToken ct) =>
            TypedResults.Ok(await desk.PreviewAsync(input, http.User, ct)));
        bulletins.MapGet("/{id:int}", async (int id, HttpContext http, BulletinDesk desk, Inbox inbox, CancellationToken ct) =>
            BulletinAccess.MayPublish(http.User)
                ? (Results<Ok<BulletinView>, Ok<InboxBulletin>>)TypedResults.Ok(await desk.ShowAsync(id, http.User, ct))
                : TypedResults.Ok(await inbox.OpenAsync(await inbox.ReaderAsync(http.User, ct), id, ct)));
        bulletins.MapPut("/{id:int}", async (int id, BulletinInput input, HttpContext http, BulletinDesk desk, CancellationToken ct) =>
        {
            await desk.UpdateAsync(id, input, http.User, ct);
            return TypedResults.Ok(await desk.ShowAsync(id, http.User, ct));
        });
        bulletins.MapDelete("/{id:int}", async (int id, int version, HttpContext http, BulletinDesk desk, CancellationToken ct) =>
        {
            await desk.DeleteDraftAsync(id, version, http.User, ct);
            return TypedResults.NoContent();
        });
        bulletins.MapPost("/{id:int}/publish", async (int id, PublishRequest request, HttpContext http, BulletinDesk desk, CancellationToken ct) =>
        {
            await desk.PublishAsync(id, request.PublishAt, request.Version, http.User, ct);
            return TypedResults.Ok(await desk.ShowAsync(id, http.User, ct));
        });
        bulletins.MapPost("/{id:int}/unschedule", async (int id, VersionRequest request, HttpContext http, BulletinDesk desk, CancellationToken ct) =>
        {
            await desk.UnscheduleAsync(id, request.Version, http.User, ct);
            return TypedResults.Ok(await desk.ShowAsync(id, http.User, ct));
        });
        bulletins.MapPost("/{id:int}/withdraw", async (int id, VersionRequest request, HttpContext http, BulletinDesk desk, CancellationToken ct) =>
        {
            await desk.WithdrawAsync(id, request.Reason, request.Version, http.User, ct);
            return TypedResults.Ok(await desk.ShowAsync(id, http.User, ct));
        });
        bulletins.MapGet("/{id:int}/reads", async (int id, HttpContext http, BulletinDesk desk, CancellationToken ct) => TypedResults.Ok(await desk.ReadsAsync(id, http.User, ct)));
        bulletins.MapGet("/coverage", async (int territoryId, string? week, HttpContext http, WeekCoverage coverage, TimeProvider time, CancellationToken ct) =>
            TypedResults.Ok(await coverage.ExecuteAsync(territoryId, week is null ? French.Today(time) : IsoWeeks.Parse(week), http.User, ct)));

        var inbox = app.MapGroup("/api/inbox").RequireAuthorization().WithTags("Information").AddEndpointFilter<IdempotentFilter>();
        inbox.MapGet("", async (bool? unread, string? q, int? page, int? pageSize, HttpContext http, Inbox box, CancellationToken ct) =>
        {
            var me = await box.ReaderAsync(http.User, ct);
            return TypedResults.Ok(new { counts = await box.CountsAsync(me, ct), bulletins = await box.ListAsync(me, unread == true, q, page, pageSize, ct) });
        });
        inbox.MapPost("/{bulletinId:int}/read", async (int bulletinId, HttpContext http, Inbox box, CancellationToken ct) =>
            TypedResults.Ok(new { bulletinId, readAtUtc = await box.MarkReadAsync(await box.ReaderAsync(http.User, ct), bulletinId, ct) }));
        inbox.MapPost("/read-all", async (HttpContext http, Inbox box, CancellationToken ct) =>
            TypedResults.Ok(new { marked = await box.MarkAllReadAsync(await box.ReaderAsync(http.User, ct), ct) }));
        inbox.MapGet("/preferences", async (HttpContext http, Inbox box, MailPreferences preferences, CancellationToken ct) =>
            TypedResults.Ok(await preferences.GetAsync(await box.ReaderAsync(http.User, ct), ct)));
        inbox.MapPut("/preferences", async (PreferenceRequest request, HttpContext http, Inbox box, MailPreferences preferences, CancellationToken ct) =>
        {
            var me = await box.ReaderAsync(http.User, ct);
            await preferences.SetAsync(me, request.Mode, ct);
            return TypedResults.Ok(await preferences.GetAsync(me, ct));
        });

        // One-click unsubscribe (RFC 8058): the mail client posts without a session; the token is the only key.
        app.MapPost("/api/mail/unsubscribe/{token}", async (string token, MailPreferences preferences, CancellationToken ct) =>
                await preferences.UnsubscribeAsync(token, ct) ? (Results<NoContent, NotFound>)TypedResults.NoContent() : TypedResults.NotFound())
            .AllowAnonymous().DisableAntiforgery().WithTags("Information");

        var mail = app.MapGroup("/api/mail").RequireAuthorization().WithTags("Information").AddEndpointFilter<IdempotentFilter>();
        mail.MapGet("/deliveries", async (int? territoryId, string? status, int? page, int? pageSize, HttpContext http, MailDispatcher dispatcher, CancellationToken ct) =>
            TypedResults.Ok(await dispatcher.ListAsync(territoryId, EnumText.Parse<DeliveryStatus>(status, "status"), page, pageSize, http.User, ct)));
        mail.MapGet("/deliveries/{id:int}/attempts", async (int id, HttpContext http, MailDispatcher dispatcher, CancellationToken ct) =>
            TypedResults.Ok(await dispatcher.AttemptsAsync(id, http.User, ct)));
        mail.MapPost("/deliveries/{id:int}/retry", async (int id, HttpContext http, MailDispatcher dispatcher, CancellationToken ct) =>
        {
            await dispatcher.RetryAsync(id, http.User, ct);
            return TypedResults.NoContent();
        });
        mail.MapPost("/dispatch", async (HttpContext http, MailDispatcher dispatcher, CancellationToken ct) =>
        {
            BulletinAccess.RequirePublisher(http.User);
            return TypedResults.Ok(await dispatcher.RunOnceAsync(ct));
        });
        return app;
    }
}
