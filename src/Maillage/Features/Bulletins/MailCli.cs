using System.Globalization;
using System.Net.Mail;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Maillage.Infrastructure;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Bulletins;

public static class MailCli
{
    public static IEnumerable<CliVerb> Verbs() =>
    [
        new("mail sink", "mail sink [--port 2525] [--dir data/mail]", ["port=", "dir="], 0, SinkAsync, UsesDatabase: false),
        new("mail test", "mail test --to ADDRESS", ["to="], 0, TestAsync, UsesDatabase: false),
    ];

    /// <summary>Runs until Ctrl-C (or SIGTERM), one line per message received; each message is also kept as a .eml file.</summary>
    private static async Task<int> SinkAsync(CliContext cli)
    {
        var portText = cli.Args.Value("port") ?? "2525";
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw DomainException.Invalid($"--port takes a port number (0 to 65535), not '{portText}'");
        }

        LocalSmtpSink sink;
        try
        {
            sink = new LocalSmtpSink(port, cli.Args.Value("dir") ?? Path.Combine("data", "mail"));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw DomainException.Invalid($"cannot listen on 127.0.0.1:{port}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DomainException.Invalid($"cannot write messages to {cli.Args.Value("dir") ?? "data/mail"}: {e.Message}");
        }

        await using (sink)
        {
            var output = TextWriter.Synchronized(cli.Out);
            sink.Received += mail =>
            {
                var subject = SubjectOf(mail);
                if (cli.Json)
                {
                    output.WriteLine(System.Text.Json.JsonSerializer.Serialize(
                        new { receivedUtc = mail.ReceivedUtc, from = mail.From, recipients = mail.Recipients, subject, size = mail.Size, file = mail.FilePath },
                        System.Text.Json.JsonSerializerOptions.Web));
                }
                else
                {
                    var file = mail.FilePath is null ? "" : $" → {mail.FilePath}";
                    output.WriteLine($"{mail.ReceivedUtc.ToLocalTime():HH:mm:ss} {mail.From} → {string.Join(", ", mail.Recipients)}: {subject} ({mail.Size} bytes){file}");
                }
            };

            cli.Error.WriteLine($"SMTP sink listening on 127.0.0.1:{sink.Port}, messages written to {sink.OutputDirectory}; Ctrl-C stops");
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stopped.TrySetResult();
            };
            Console.CancelKeyPress += onCancel;
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stopped.TrySetResult();
            });
            try
            {
                await stopped.Task;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            cli.Error.WriteLine($"SMTP sink stopped after {sink.Messages.Count} message(s)");
        }

        return 0;
    }

    private static string SubjectOf(ReceivedMail mail)
    {
        try
        {
            return mail.ToMimeMessage().Subject ?? "(no subject)";
        }
        catch (FormatException)
        {
            return "(unreadable message)";
        }
    }

    /// <summary>Exit 0 when the server accepted the message, 1 when it refused it or could not be reached, 2 when SMTP is not configured or the address is wrong.</summary>
    private static async Task<int> TestAsync(CliContext cli)
    {
        var to = cli.Args.Required("to").Trim();
        var sender = cli.Get<MailSender>();
        var smtp = cli.Get<IOptions<SmtpOptions>>().Value;
        if (!sender.Enabled)
        {
            throw DomainException.Invalid("SMTP is not configured: set Maillage:Smtp:Host (environment variable Maillage__Smtp__Host) and the other Maillage:Smtp settings");
        }

        if (!MailAddress.TryCreate(to, out var address) || address.DisplayName.Length > 0)
        {
            throw DomainException.Invalid($"--to takes an e-mail address, not '{to}'");
        }

        var text = $"""
            Bonjour,

            Ceci est un e-mail de test envoyé par Maillage pour vérifier la configuration de l'envoi des e-mails.
            Serveur : {smtp.Host}:{smtp.Port}
            Adresse publique de l'application : {smtp.PublicUrl}

            Vous n'avez rien à faire.
            """;
        var html = SafeHtml.FromMarkdown(text);
        try
        {
            await sender.SendAsync(new OutgoingMail(address.Address, null, "Maillage : e-mail de test", text, html, null));
        }
        catch (MailDeliveryException e)
        {
            cli.Error.WriteLine($"maillage: not sent ({(e.Permanent ? "refused" : "temporary failure")}): {e.Message}");
            return 1;
        }

        cli.Out.WriteLine($"test e-mail sent to {address.Address} through {smtp.Host}:{smtp.Port}");
        return 0;
    }
}
