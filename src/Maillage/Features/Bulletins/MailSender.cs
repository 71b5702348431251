using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Bulletins;

public enum SmtpSecurity
{
    None,
    StartTls,
}

/// <summary>Bound from the configuration section "Maillage:Smtp" (environment: Maillage__Smtp__Host, …).</summary>
public sealed class SmtpOptions
{
    /// <summary>The SMTP server; empty means e-mail is disabled and nothing is sent.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "information@maillage.invalid";

    public string FromName { get; set; } = "Maillage";

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The base of links in e-mails (unsubscribe, "read in Maillage"): the address users reach the app at.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

public sealed record OutgoingMail(string ToAddress, string? ToName, string Subject, string Text, string? Html, string? UnsubscribeUrl);

/// <summary>
/// A delivery that did not happen. <see cref="Permanent"/> says whether trying again can help: a 5xx
/// answer or an invalid address will fail the same way; a 4xx answer, a refused connection or a timeout may not.
/// The message is in French: it is shown to coordinators as the reason of a failed delivery.
/// </summary>
public sealed class MailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>Sends one e-mail through the configured SMTP server.</summary>
public sealed class MailSender(IOptions<SmtpOptions> options)
{
    private readonly SmtpOptions smtp = options.Value;

    public bool Enabled { get; } = options.Value.Enabled;

    /// <summary>
    /// Sends <paramref name="mail"/> as multipart/alternative (text, then HTML when given), in UTF-8.
    /// Callers check <see cref="Enabled"/> first: sending while e-mail is disabled is a programming error.
    /// </summary>
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!Enabled)
        {
            throw new InvalidOperationException("E-mail is disabled: Maillage:Smtp:Host is not set.");
        }

        if (!MailAddress.TryCreate(mail.ToAddress?.Trim(), string.IsNullOrWhiteSpace(mail.ToName) ? null : mail.ToName.Trim(), out var to))
        {
            throw new MailDeliveryException($"L'adresse du destinataire n'est pas une adresse e-mail valide : « {mail.ToAddress} ».", permanent: true);
        }

        if (!MailAddress.TryCreate(smtp.From, smtp.FromName, out var from))
        {
            throw new MailDeliveryException($"L'adresse d'expédition configurée (Maillage:Smtp:From) n'est pas valide : « {smtp.From} ».", permanent: true);
        }

        using var message = Compose(mail, from, to);
        using var client = new SmtpClient(smtp.Host!.Trim(), smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.Security == SmtpSecurity.StartTls,
            Timeout = Math.Max(1, smtp.TimeoutSeconds) * 1000,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password ?? "");
        }

        // SmtpClient.Timeout only governs the synchronous Send, so the asynchronous one gets its own clock.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, smtp.TimeoutSeconds)));
        try
        {
            await client.SendMailAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new MailDeliveryException($"Le serveur SMTP {Server} n'a pas répondu dans les {smtp.TimeoutSeconds} secondes.", permanent: false);
        }
        catch (SmtpException e)
        {
            throw Classify(e);
        }
    }

    private string Server => $"{smtp.Host}:{smtp.Port}";

    private static MailMessage Compose(OutgoingMail mail, MailAddress from, MailAddress to)
    {
        var message = new MailMessage
        {
            From = from,
            Subject = mail.Subject.ReplaceLineEndings(" "),
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        message.To.Add(to);
        message.AlternateViews.Add(View(mail.Text ?? "", MediaTypeNames.Text.Plain));
        if (!string.IsNullOrWhiteSpace(mail.Html))
        {
            message.AlternateViews.Add(View(mail.Html, MediaTypeNames.Text.Html));
        }

        // Tells auto-responders not to answer, and mail providers that this is a bulk message.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (!string.IsNullOrWhiteSpace(mail.UnsubscribeUrl))
        {
            // RFC 8058: one-click unsubscribe from the mail client, without opening the page.
            message.Headers.Add("List-Unsubscribe", $"<{mail.UnsubscribeUrl.Trim()}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        return message;
    }

    private static AlternateView View(string content, string mediaType)
    {
        var view = AlternateView.CreateAlternateViewFromString(content, Encoding.UTF8, mediaType);
        view.TransferEncoding = TransferEncoding.QuotedPrintable;
        return view;
    }

    private MailDeliveryException Classify(SmtpException e)
    {
        var code = (int)e.StatusCode;
        // SmtpException wraps the server's answer in an English sentence; the answer alone is what helps.
        var message = e.Message.ReplaceLineEndings(" ").Trim();
        var marker = message.IndexOf("The server response was:", StringComparison.Ordinal);
        var answer = marker < 0 ? message : message[(marker + "The server response was:".Length)..].Trim();
        if (e.GetBaseException() is SocketException socket)
        {
            var reason = socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connexion refusée",
                SocketError.TimedOut => "délai dépassé",
                SocketError.HostNotFound or SocketError.NoData => "serveur inconnu",
                _ => socket.Message,
            };
            return new MailDeliveryException($"Le serveur SMTP {Server} est injoignable ({reason}).", permanent: false, e);
        }

        if (e.GetBaseException() is IOException or TimeoutException || e.StatusCode == SmtpStatusCode.GeneralFailure)
        {
            return new MailDeliveryException($"L'envoi par le serveur SMTP {Server} a échoué : {answer}", permanent: false, e);
        }

        var permanent = code is >= 500 and < 600;
        return new MailDeliveryException(
            permanent
                ? $"Le serveur SMTP {Server} a refusé le message (code {code}) : {answer}"
                : $"Le serveur SMTP {Server} a refusé le message pour le moment (code {code}) : {answer}",
            permanent,
            e);
    }
}

public static class MailSetup
{
    /// <summary>Idempotent: the CLI composition and the feature registration may both call it.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(MailSender)))
        {
            return services;
        }

        services.Configure<SmtpOptions>(configuration.GetSection("Maillage:Smtp"));
        services.TryAddSingleton<MailSender>();
        return services;
    }
}
