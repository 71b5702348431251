using System.Security.Claims;
using System.Text.Json;
using Maillage.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Maillage.Infrastructure;

/// <summary>A state change already made under an <c>Idempotency-Key</c>, and the answer it got.</summary>
public sealed class IdempotencyRecord
{
    public required string UserId { get; set; }

    public required string Key { get; set; }

    public required string Request { get; set; }

    /// <summary>Null while the first request is still running.</summary>
    public int? StatusCode { get; set; }

    public string? Body { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class IdempotencyConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.HasKey(x => new { x.UserId, x.Key });
        b.Property(x => x.UserId).HasMaxLength(100);
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.Request).HasMaxLength(300);
        b.HasIndex(x => x.CreatedAtUtc);
    }
}

/// <summary>
/// Makes a state change happen once even when the client retries it (a phone on a bad network, a double
/// click): the first request with a given <c>Idempotency-Key</c> runs and its answer is kept; the same key
/// again gets that answer without running anything. Keys are per user; a key reused for another request
/// is refused. Records are kept on their own context, so a failing request leaves no half-written trace
/// and can be retried with the same key.
/// </summary>
public sealed class IdempotentFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString().Trim();
        var user = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (key.Length == 0 || user is null || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            // Reads are not replayed: they must be checked and audited every time.
            return await next(context);
        }

        if (key.Length > 100)
        {
            throw DomainException.Invalid($"L'en-tête {Header} fait au plus 100 caractères.", Header);
        }

        var request = $"{http.Request.Method} {http.Request.Path}";
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDb>();
        var existing = await db.Set<IdempotencyRecord>().FirstOrDefaultAsync(r => r.UserId == user && r.Key == key, http.RequestAborted);
        if (existing is { StatusCode: null } && existing.CreatedAtUtc < time.GetUtcNow().UtcDateTime.AddMinutes(-2))
        {
            // Its request never finished (the server stopped): the key is free again.
            db.Remove(existing);
            await db.SaveChangesAsync(http.RequestAborted);
            existing = null;
        }

        if (existing is not null)
        {
            return Replay(existing, request);
        }

        var record = new IdempotencyRecord { UserId = user, Key = key, Request = request, CreatedAtUtc = time.GetUtcNow().UtcDateTime };
        db.Add(record);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // The same key at the same instant: the other request owns it.
            db.Entry(record).State = EntityState.Detached;
            var first = await db.Set<IdempotencyRecord>().AsNoTracking().FirstAsync(r => r.UserId == user && r.Key == key, http.RequestAborted);
            return Replay(first, request);
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            db.Remove(record);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var inner = result;
        while (inner is INestedHttpResult nested)
        {
            inner = nested.Result;
        }

        record.StatusCode = inner is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        record.Body = inner is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), options) : null;
        await db.SaveChangesAsync(CancellationToken.None);
        return result;
    }

    private static IResult Replay(IdempotencyRecord record, string request)
    {
        if (record.Request != request)
        {
            throw DomainException.Invalid($"Cette clé {Header} a déjà servi pour une autre requête ({record.Request}).", Header);
        }

        return record.StatusCode is not { } status
            ? throw DomainException.Conflict("La même requête est encore en cours : réessayez dans un instant.", Header)
            : record.Body is null ? Results.StatusCode(status) : Results.Content(record.Body, "application/json", null, status);
    }
}
