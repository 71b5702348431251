using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Infrastructure;

/// <summary>Extra sources a feature needs in the Content-Security-Policy (e.g. a map tile server for img-src).</summary>
public sealed class ContentSecurityOptions
{
    public List<string> ImageSources { get; } = [];
}

/// <summary>Cross-cutting web concerns: errors as problem details, security headers, login rate limit, culture.</summary>
public static class WebHosting
{
    public const string LoginRateLimit = "login";

    public static WebApplicationOptions Options(string[] args)
    {
        var rest = args.Length > 0 && args[0] == "serve" ? args[1..] : args;

        // Published builds carry wwwroot beside the binary; run from there whatever the working directory.
        var published = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        return new WebApplicationOptions { Args = rest, ContentRootPath = published ? AppContext.BaseDirectory : null };
    }

    public static IServiceCollection AddMaillageWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // Razor would otherwise escape every accented letter (é → &#xE9;).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        services.AddRateLimiter(options =>
        {
            var permits = configuration.GetValue("Maillage:LoginPermitsPerMinute", 10);
            options.AddPolicy(LoginRateLimit, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("get"));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync($"Trop de tentatives de connexion. Réessayez dans {retryAfter} secondes.", ct);
            };
        });
        return services;
    }

    public static WebApplication UseMaillageWeb(this WebApplication app)
    {
        // Behind a TLS reverse proxy, trust X-Forwarded-For/-Proto from the proxies listed in
        // Maillage:ForwardedHeaders:KnownProxies only: client addresses drive the login rate limit and the audit log.
        var proxies = (app.Configuration["Maillage:ForwardedHeaders:KnownProxies"] ?? "")
            .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(System.Net.IPAddress.Parse)
            .ToList();
        if (proxies.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
            proxies.ForEach(forwarded.KnownProxies.Add);
            app.UseForwardedHeaders(forwarded);
        }

        app.UseExceptionHandler("/erreur");
        app.UseWhen(c => IsApi(c.Request.Path), api => api.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/erreur/{0}"));
        var images = string.Concat(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ContentSecurityOptions>>().Value.ImageSources.Select(s => " " + s));
        var csp = $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{images}; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        app.Use((context, next) => SecurityHeaders(context, next, csp));
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(French.Culture),
            SupportedCultures = [French.Culture],
            SupportedUICultures = [French.Culture],
        });
        app.MapStaticAssets();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/fhir");

    private static Task SecurityHeaders(HttpContext context, Func<Task> next, string csp)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = csp;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next();
    }
}

/// <summary>Turns exceptions on /api and /fhir into RFC 9457 problem details; pages fall through to the error page.</summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // The middleware has already pointed the request at the error page: look at the original path.
        var originalPath = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value;
        if (!WebHosting.IsApi(originalPath))
        {
            return false;
        }

        ProblemDetails problem = exception switch
        {
            DomainException { Kind: DomainErrorKind.Invalid } e => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [e.Field ?? ""] = [e.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Données invalides",
                Detail = e.Message,
            },
            DomainException { Kind: DomainErrorKind.NotFound } e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Introuvable", Detail = e.Message },
            DomainException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflit", Detail = e.Message },
            UnauthorizedAccessException => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Accès refusé", Detail = "Votre rôle ne permet pas cette action." },
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflit", Detail = "Quelqu'un vient de modifier la même chose : rechargez et recommencez." },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "Requête invalide", Detail = e.InnerException is JsonException ? "Corps JSON illisible." : e.Message },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Erreur interne", Detail = "Une erreur inattendue est survenue ; elle a été journalisée." },
        };
        await Results.Problem(problem).ExecuteAsync(context);
        return true;
    }
}
