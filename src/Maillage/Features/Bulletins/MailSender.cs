// Placeholder of the sender's interface until its implementation lands.
namespace Maillage.Features.Bulletins;
public enum SmtpSecurity { None, StartTls }
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "information@maillage.invalid";
    public string FromName { get; set; } = "Maillage";
    public int TimeoutSeconds { get; set; } = 30;
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
public sealed record OutgoingMail(string ToAddress, string? ToName, string Subject, string Text, string? Html, string? UnsubscribeUrl);
public sealed class MailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner) { public bool Permanent { get; } = permanent; }
public sealed class MailSender(Microsoft.Extensions.Options.IOptions<SmtpOptions> options)
{
    public bool Enabled => options.Value.Enabled;
    public Task SendAsync(OutgoingMail mail, CancellationToken ct = default) => throw new NotImplementedException();
}
public static class MailSetup
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SmtpOptions>(configuration.GetSection("Maillage:Smtp"));
        services.AddSingleton<MailSender>();
        return services;
    }
}
