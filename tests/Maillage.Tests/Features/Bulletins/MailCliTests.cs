using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Maillage.Features.Bulletins;
using Maillage.Tests.Support;

namespace Maillage.Tests.Features.Bulletins;

/// <summary><c>maillage mail test</c>: 0 when the server took the message, 1 when it refused or was unreachable, 2 when the command cannot be run as given.</summary>
public sealed class MailCliTests
{
    private static async Task<CliResult> RunAsync(int? port, params string[] args)
    {
        var configuration = new Dictionary<string, string?>
        {
            // The verb does not open the database; the path only has to be somewhere harmless.
            ["MAILLAGE_DB"] = Path.Combine(TestDatabases.Root, "mail-cli-unused.db"),
            ["MAILLAGE_KEYS"] = Path.Combine(TestDatabases.Root, "keys"),
        };
        if (port is { } p)
        {
            configuration["Maillage:Smtp:Host"] = "127.0.0.1";
            configuration["Maillage:Smtp:Port"] = p.ToString(CultureInfo.InvariantCulture);
            configuration["Maillage:Smtp:Security"] = "None";
            configuration["Maillage:Smtp:TimeoutSeconds"] = "30";
            configuration["Maillage:Smtp:From"] = "cellule@maillage.test";
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await MaillageApp.RunCliAsync(args, new StringReader(""), output, error, configuration);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    private static void AssertOneErrorLine(CliResult result, int code, string message)
    {
        Assert.Equal(code, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith("maillage: ", result.Error);
        Assert.Contains(message, result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task A_test_mail_goes_through_the_configured_server()
    {
        await using var sink = new LocalSmtpSink();

        var result = await RunAsync(sink.Port, "mail", "test", "--to", "responsable@exemple.test");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("responsable@exemple.test", result.Output);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal("cellule@maillage.test", received.From);
        Assert.Equal(["responsable@exemple.test"], received.Recipients);
        var message = received.ToMimeMessage();
        Assert.Equal("Maillage : e-mail de test", message.Subject);
        Assert.Contains("Ceci est un e-mail de test envoyé par Maillage", message.TextBody);
        Assert.Contains("Ceci est un e-mail de test envoyé par Maillage", message.HtmlBody);
    }

    [Fact]
    public async Task Without_SMTP_configuration_the_command_says_so()
    {
        AssertOneErrorLine(await RunAsync(null, "mail", "test", "--to", "responsable@exemple.test"), 2, "SMTP is not configured");
    }

    [Theory]
    [InlineData("pas-une-adresse")]
    [InlineData("Nom <a@exemple.test>")]
    public async Task A_wrong_address_is_bad_input(string address)
    {
        await using var sink = new LocalSmtpSink();

        AssertOneErrorLine(await RunAsync(sink.Port, "mail", "test", "--to", address), 2, "--to takes an e-mail address");
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task The_address_is_required()
    {
        AssertOneErrorLine(await RunAsync(2525, "mail", "test"), 2, "--to is required");
    }

    [Fact]
    public async Task A_refusal_by_the_server_exits_1()
    {
        await using var sink = new LocalSmtpSink();
        sink.RejectNext(1, 550, "5.1.1 No such user");

        AssertOneErrorLine(await RunAsync(sink.Port, "mail", "test", "--to", "inconnu@exemple.test"), 1, "refused");
    }

    [Fact]
    public async Task An_unreachable_server_exits_1()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        AssertOneErrorLine(await RunAsync(port, "mail", "test", "--to", "responsable@exemple.test"), 1, "temporary failure");
    }

    [Fact]
    public async Task The_sink_says_when_its_port_is_taken()
    {
        await using var taken = new LocalSmtpSink();

        AssertOneErrorLine(await RunAsync(null, "mail", "sink", "--port", taken.Port.ToString(CultureInfo.InvariantCulture)), 2, $"cannot listen on 127.0.0.1:{taken.Port}");
    }

    [Fact]
    public async Task The_sink_refuses_a_bad_port()
    {
        AssertOneErrorLine(await RunAsync(null, "mail", "sink", "--port", "deux"), 2, "--port takes a port number");
    }
}
