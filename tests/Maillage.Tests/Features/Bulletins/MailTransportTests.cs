using System.Net;
using System.Net.Sockets;
using System.Text;
using Maillage.Features.Bulletins;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Maillage.Tests.Features.Bulletins;

/// <summary>MailSender talking to the local SMTP sink over a real loopback socket: what arrives, and how each failure is classified.</summary>
public sealed class MailTransportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static MailSender Sender(int port, Action<SmtpOptions>? change = null)
    {
        var options = new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Security = SmtpSecurity.None,
            From = "information@maillage.test",
            FromName = "Maillage — Hérault",
            TimeoutSeconds = 30,
        };
        change?.Invoke(options);
        return new MailSender(Options.Create(options));
    }

    private static OutgoingMail Mail(string to = "infirmiere@exemple.test", string? html = "<p>Réunion à <b>Béziers</b>.</p>", string? unsubscribe = "https://maillage.exemple.test/desabonnement?jeton=abc123") =>
        new(to, "Élise Martin", "Bulletin : réunion à Béziers — été 2020", "Réunion à Béziers.\nÀ 18 h, salle « François Ier ».", html, unsubscribe);

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task A_mail_arrives_as_utf8_text_and_html_alternatives_with_its_list_headers()
    {
        await using var sink = new LocalSmtpSink();

        await Sender(sink.Port).SendAsync(Mail());

        var received = Assert.Single(await sink.WaitForMessagesAsync(1, Wait));
        Assert.Equal("information@maillage.test", received.From);
        Assert.Equal(["infirmiere@exemple.test"], received.Recipients);
        var message = received.ToMimeMessage();
        Assert.Equal("Bulletin : réunion à Béziers — été 2020", message.Subject);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(message.From));
        Assert.Equal(("Maillage — Hérault", "information@maillage.test"), (from.Name, from.Address));
        var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
        Assert.Equal(("Élise Martin", "infirmiere@exemple.test"), (to.Name, to.Address));

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.All(alternative, p => Assert.Equal("utf-8", p.ContentType.Charset, ignoreCase: true));
        Assert.Equal("Réunion à Béziers.\nÀ 18 h, salle « François Ier ».", message.TextBody!.ReplaceLineEndings("\n").TrimEnd());
        Assert.Equal("<p>Réunion à <b>Béziers</b>.</p>", message.HtmlBody!.Trim());

        Assert.Equal("<https://maillage.exemple.test/desabonnement?jeton=abc123>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);

        // Nothing but 7-bit ASCII travels: the accents are all encoded.
        Assert.All(received.Data, c => Assert.True(c < 128, $"non-ASCII character {c}"));
    }

    [Fact]
    public async Task A_text_only_mail_without_unsubscribe_link_has_no_list_headers()
    {
        await using var sink = new LocalSmtpSink();

        await Sender(sink.Port).SendAsync(Mail(html: null, unsubscribe: null));

        var message = Assert.Single(await sink.WaitForMessagesAsync(1, Wait)).ToMimeMessage();
        Assert.Null(message.HtmlBody);
        Assert.StartsWith("Réunion à Béziers.", message.TextBody);
        Assert.False(message.Headers.Contains("List-Unsubscribe"));
        Assert.False(message.Headers.Contains("List-Unsubscribe-Post"));
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
    }

    [Fact]
    public async Task Lines_made_of_dots_survive_dot_stuffing()
    {
        await using var sink = new LocalSmtpSink();
        const string text = "Début\n.\n..deux points\n.point au début\nFin";

        await Sender(sink.Port).SendAsync(new OutgoingMail("a@exemple.test", null, "Points", text, null, null));

        var message = Assert.Single(await sink.WaitForMessagesAsync(1, Wait)).ToMimeMessage();
        Assert.Equal(text, message.TextBody!.ReplaceLineEndings("\n").TrimEnd());
    }

    [Fact]
    public async Task Credentials_are_checked_and_a_refusal_is_permanent()
    {
        await using var sink = new LocalSmtpSink(userName: "maillage", password: "s3cret-é");

        await Sender(sink.Port, o => (o.UserName, o.Password) = ("maillage", "s3cret-é")).SendAsync(Mail());
        Assert.Single(await sink.WaitForMessagesAsync(1, Wait));

        var wrong = await Assert.ThrowsAsync<MailDeliveryException>(() => Sender(sink.Port, o => (o.UserName, o.Password) = ("maillage", "faux")).SendAsync(Mail()));
        Assert.True(wrong.Permanent, wrong.Message);

        var none = await Assert.ThrowsAsync<MailDeliveryException>(() => Sender(sink.Port).SendAsync(Mail()));
        Assert.True(none.Permanent, none.Message);
        Assert.Contains("(code 530) : 5.7.0 Authentication required", none.Message);
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task A_4xx_answer_is_transient_and_the_next_attempt_goes_through()
    {
        await using var sink = new LocalSmtpSink();
        var sender = Sender(sink.Port);
        sink.RejectNext(1, 451, "4.3.0 Try again later");

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Mail()));

        Assert.False(error.Permanent);
        Assert.Contains("451", error.Message);
        Assert.Empty(sink.Messages);

        await sender.SendAsync(Mail());
        Assert.Single(await sink.WaitForMessagesAsync(1, Wait));
    }

    [Fact]
    public async Task A_5xx_answer_is_permanent()
    {
        await using var sink = new LocalSmtpSink();
        sink.RejectNext(1, 550, "5.1.1 Mailbox unavailable");

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => Sender(sink.Port).SendAsync(Mail()));

        Assert.True(error.Permanent);
        Assert.Contains("550", error.Message);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task A_closed_port_is_a_transient_failure()
    {
        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => Sender(ClosedPort()).SendAsync(Mail()));

        Assert.False(error.Permanent);
        Assert.Contains("injoignable", error.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_a_transient_timeout()
    {
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            var error = await Assert.ThrowsAsync<MailDeliveryException>(() => Sender(port, o => o.TimeoutSeconds = 1).SendAsync(Mail()));

            Assert.False(error.Permanent);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Theory]
    [InlineData("pas-une-adresse")]
    [InlineData("")]
    [InlineData("a@b@c")]
    public async Task An_invalid_address_is_permanent_and_nothing_is_sent(string address)
    {
        await using var sink = new LocalSmtpSink();

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => Sender(sink.Port).SendAsync(Mail(to: address)));

        Assert.True(error.Permanent);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task Without_a_host_mail_is_disabled()
    {
        var sender = new MailSender(Options.Create(new SmtpOptions { Host = " " }));

        Assert.False(sender.Enabled);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendAsync(Mail()));
        Assert.True(new MailSender(Options.Create(new SmtpOptions { Host = "smtp.exemple.test" })).Enabled);
    }

    [Fact]
    public async Task The_sink_takes_several_connections_at_once_and_writes_eml_files()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"maillage-sink-{Guid.NewGuid():N}");
        try
        {
            await using var sink = new LocalSmtpSink(directory: folder);
            var sender = Sender(sink.Port);

            await Task.WhenAll(Enumerable.Range(1, 6).Select(i => sender.SendAsync(Mail(to: $"pro{i}@exemple.test"))));

            var received = await sink.WaitForMessagesAsync(6, Wait);
            Assert.Equal(Enumerable.Range(1, 6).Select(i => $"pro{i}@exemple.test").Order(), received.Select(m => m.Recipients.Single()).Order());
            var files = System.IO.Directory.GetFiles(folder, "*.eml");
            Assert.Equal(6, files.Length);
            Assert.Equal(received.Select(m => m.FilePath).Order(), files.Order());
            var fromFile = EmlParser.Parse(File.OpenRead(files[0]));
            Assert.Equal("Bulletin : réunion à Béziers — été 2020", fromFile.Subject);
            Assert.Equal("information@maillage.test", fromFile.FromAddress);
        }
        finally
        {
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Waiting_for_more_messages_than_arrive_times_out()
    {
        await using var sink = new LocalSmtpSink();

        await Assert.ThrowsAsync<TimeoutException>(() => sink.WaitForMessagesAsync(1, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task The_sink_speaks_plain_SMTP_to_any_client()
    {
        await using var sink = new LocalSmtpSink();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, sink.Port);
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task<string> SayAsync(string line)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
            return await ReplyAsync();
        }

        async Task<string> ReplyAsync()
        {
            var lines = new List<string>();
            string? line;
            do
            {
                line = await reader.ReadLineAsync() ?? throw new IOException("closed");
                lines.Add(line);
            }
            while (line.Length > 3 && line[3] == '-');

            return string.Join("\n", lines);
        }

        Assert.StartsWith("220 ", await ReplyAsync());
        var ehlo = await SayAsync("EHLO test.local");
        Assert.StartsWith("250-", ehlo);
        Assert.DoesNotContain("STARTTLS", ehlo);
        Assert.DoesNotContain("AUTH", ehlo);
        Assert.StartsWith("503", await SayAsync("RCPT TO:<a@exemple.test>"));
        Assert.StartsWith("503", await SayAsync("DATA"));
        Assert.StartsWith("502", await SayAsync("FROBNICATE"));
        Assert.StartsWith("250", await SayAsync("NOOP"));
        Assert.StartsWith("250", await SayAsync("MAIL FROM:<b@exemple.test> SIZE=100"));
        Assert.StartsWith("250", await SayAsync("RSET"));
        Assert.StartsWith("503", await SayAsync("RCPT TO:<a@exemple.test>"));
        Assert.StartsWith("250", await SayAsync("HELO test.local"));
        Assert.StartsWith("250", await SayAsync("mail from:<>"));
        Assert.StartsWith("250", await SayAsync("RCPT TO:<a@exemple.test>"));
        Assert.StartsWith("250", await SayAsync("RCPT TO:<c@exemple.test>"));
        Assert.StartsWith("354", await SayAsync("DATA"));
        Assert.StartsWith("250", await SayAsync("Subject: brut\r\n\r\n..un\r\n...\r\nfin\r\n."));
        Assert.StartsWith("221", await SayAsync("QUIT"));

        var received = Assert.Single(sink.Messages);
        Assert.Equal("", received.From);
        Assert.Equal(["a@exemple.test", "c@exemple.test"], received.Recipients);
        Assert.Equal("Subject: brut\r\n\r\n.un\r\n..\r\nfin\r\n", received.Data);
    }

    [Fact]
    public async Task The_sink_checks_AUTH_PLAIN_and_LOGIN()
    {
        await using var sink = new LocalSmtpSink(userName: "maillage", password: "s3cret");
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, sink.Port);
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task<string> SayAsync(string line)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
            var reply = await reader.ReadLineAsync() ?? throw new IOException("closed");
            while (reply.Length > 3 && reply[3] == '-')
            {
                reply = await reader.ReadLineAsync() ?? throw new IOException("closed");
            }

            return reply;
        }

        static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

        Assert.StartsWith("220", await reader.ReadLineAsync());
        Assert.StartsWith("250 ", await SayAsync("EHLO test.local"));
        Assert.StartsWith("530", await SayAsync("MAIL FROM:<a@exemple.test>"));
        Assert.StartsWith("535", await SayAsync($"AUTH PLAIN {B64("\0maillage\0faux")}"));
        Assert.StartsWith("334 VXNlcm5hbWU6", await SayAsync("AUTH LOGIN"));
        Assert.StartsWith("334 UGFzc3dvcmQ6", await SayAsync(B64("maillage")));
        Assert.StartsWith("535", await SayAsync(B64("faux")));
        Assert.StartsWith("501", await SayAsync("AUTH PLAIN pas-du-base64!"));
        Assert.StartsWith("504", await SayAsync("AUTH CRAM-MD5"));
        Assert.StartsWith("334", await SayAsync("AUTH PLAIN"));
        Assert.StartsWith("235", await SayAsync(B64("\0maillage\0s3cret")));
        Assert.StartsWith("503", await SayAsync("AUTH PLAIN"));
        Assert.StartsWith("250", await SayAsync("MAIL FROM:<a@exemple.test>"));
    }

    [Fact]
    public async Task The_sink_rejects_the_next_commands_then_accepts_again()
    {
        await using var sink = new LocalSmtpSink();
        var sender = Sender(sink.Port);
        sink.RejectNext(2, 452, "4.5.3 Too many recipients");

        var first = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Mail()));
        var second = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Mail()));
        await sender.SendAsync(Mail());

        Assert.False(first.Permanent);
        Assert.False(second.Permanent);
        Assert.Single(await sink.WaitForMessagesAsync(1, Wait));
    }
}
