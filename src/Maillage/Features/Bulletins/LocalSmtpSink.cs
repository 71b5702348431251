using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Maillage.Features.Bulletins;

/// <summary>One message as the sink received it: the envelope, and the data exactly as sent (dot-unstuffed).</summary>
public sealed class ReceivedMail(string from, IReadOnlyList<string> recipients, byte[] bytes, DateTime receivedUtc)
{
    private readonly byte[] bytes = bytes;

    public string From { get; } = from;

    public IReadOnlyList<string> Recipients { get; } = recipients;

    /// <summary>The raw message, headers and body, CRLF line endings.</summary>
    public string Data { get; } = Encoding.UTF8.GetString(bytes);

    public int Size => bytes.Length;

    public DateTime ReceivedUtc { get; } = receivedUtc;

    /// <summary>Where the message was written, when the sink writes to a directory.</summary>
    public string? FilePath { get; internal set; }

    public ReadOnlyMemory<byte> Bytes => bytes;

    public MimeMessage ToMimeMessage() => MimeMessage.Load(new MemoryStream(bytes, writable: false));
}

/// <summary>
/// A small real SMTP server on the loopback interface, for development (<c>maillage mail sink</c>) and for
/// tests, which then exercise the real client over a real socket. It stores what it receives and never
/// relays. It speaks what System.Net.Mail and ordinary mail clients need: EHLO/HELO, AUTH PLAIN and
/// LOGIN (only when credentials are set), MAIL, RCPT, DATA, RSET, NOOP, QUIT; no STARTTLS.
/// </summary>
public sealed partial class LocalSmtpSink : IAsyncDisposable
{
    private const int MaxLine = 64 * 1024;
    private const long MaxMessage = 64L * 1024 * 1024;

    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private readonly ConcurrentDictionary<int, TcpClient> clients = new();
    private readonly ConcurrentDictionary<int, Task> sessions = new();
    private readonly Lock gate = new();
    private readonly List<ReceivedMail> messages = [];
    private readonly string? directory;
    private readonly string? userName;
    private readonly string? password;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int rejections;
    private int rejectCode;
    private string rejectText = "";
    private int sessionCount;
    private int fileCount;

    /// <param name="port">0 picks any free port; read it back from <see cref="Port"/>.</param>
    /// <param name="directory">When set, each message is also written there as a .eml file.</param>
    /// <param name="userName">When set (with <paramref name="password"/>), AUTH is advertised and required before MAIL.</param>
    /// <param name="password">The password that goes with <paramref name="userName"/>.</param>
    public LocalSmtpSink(int port = 0, string? directory = null, string? userName = null, string? password = null)
    {
        this.userName = string.IsNullOrEmpty(userName) ? null : userName;
        this.password = password ?? "";
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        if (directory is not null)
        {
            try
            {
                this.directory = Path.GetFullPath(directory);
                System.IO.Directory.CreateDirectory(this.directory);
            }
            catch
            {
                listener.Stop();
                throw;
            }
        }

        accepting = AcceptAsync();
    }

    /// <summary>Raised on a connection's thread after a message is stored (and written, when there is a directory).</summary>
    public event Action<ReceivedMail>? Received;

    public int Port { get; }

    public string? OutputDirectory => directory;

    public IReadOnlyList<ReceivedMail> Messages
    {
        get
        {
            lock (gate)
            {
                return [.. messages];
            }
        }
    }

    /// <summary>Answers the next <paramref name="count"/> RCPT or DATA commands with <paramref name="code"/>, to test retries.</summary>
    public void RejectNext(int count, int code = 451, string text = "4.3.0 Temporary failure, try again later")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        lock (gate)
        {
            rejections = count;
            rejectCode = code;
            rejectText = text.ReplaceLineEndings(" ");
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived; <see cref="TimeoutException"/> otherwise.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (messages.Count >= count)
                {
                    return [.. messages];
                }

                next = changed.Task;
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The SMTP sink received {Messages.Count} message(s) in {timeout.TotalSeconds:0.#} s, {count} expected.");
            }

            await Task.WhenAny(next, Task.Delay(left));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        await stop.CancelAsync();
        listener.Stop();
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        try
        {
            await accepting;
            await Task.WhenAll(sessions.Values);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The sessions end because their sockets were closed: that is the point.
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var id = Interlocked.Increment(ref sessionCount);
            clients[id] = client;
            var session = Task.Run(() => SessionAsync(client));
            sessions[id] = session;
            _ = session.ContinueWith(
                _ =>
                {
                    sessions.TryRemove(id, out var _);
                    clients.TryRemove(id, out var _);
                    client.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var session = new Session(this, stream, new LineReader(stream));
            await session.RunAsync(stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // A client that hangs up, or the sink that stops: the session simply ends.
        }
    }

    private bool TryReject(out string reply)
    {
        lock (gate)
        {
            if (rejections > 0)
            {
                rejections--;
                reply = $"{rejectCode} {rejectText}";
                return true;
            }
        }

        reply = "";
        return false;
    }

    private void Store(string from, IReadOnlyList<string> recipients, byte[] data)
    {
        var mail = new ReceivedMail(from, recipients, data, DateTime.UtcNow);
        if (directory is not null)
        {
            var path = Path.Combine(directory, $"{mail.ReceivedUtc:yyyyMMdd-HHmmss}-{Interlocked.Increment(ref fileCount):D4}.eml");
            File.WriteAllBytes(path, data);
            mail.FilePath = path;
        }

        TaskCompletionSource previous;
        lock (gate)
        {
            messages.Add(mail);
            previous = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
        Received?.Invoke(mail);
    }

    [GeneratedRegex(@"^(?:MAIL\s+FROM|RCPT\s+TO)\s*:\s*<([^<>]*)>(?:\s.*)?$|^(?:MAIL\s+FROM|RCPT\s+TO)\s*:\s*([^<>\s]+)(?:\s.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnvelopeAddress();

    /// <summary>One SMTP conversation.</summary>
    private sealed class Session(LocalSmtpSink sink, NetworkStream stream, LineReader reader)
    {
        private readonly List<string> recipients = [];
        private string? from;
        private bool authenticated = sink.userName is null;

        public async Task RunAsync(CancellationToken ct)
        {
            await ReplyAsync("220 maillage-sink ESMTP ready (development sink, nothing is relayed)", ct);
            while (await reader.ReadLineAsync(ct) is { } raw)
            {
                if (raw.Length > MaxLine)
                {
                    await ReplyAsync("500 5.5.2 Line too long", ct);
                    continue;
                }

                var line = Encoding.Latin1.GetString(raw);
                var space = line.IndexOf(' ');
                var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
                var argument = space < 0 ? "" : line[(space + 1)..].Trim();
                switch (verb)
                {
                    case "EHLO":
                        Reset();
                        await ReplyAsync(sink.userName is null
                            ? "250-maillage-sink greets you\r\n250-SIZE 67108864\r\n250 HELP"
                            : "250-maillage-sink greets you\r\n250-SIZE 67108864\r\n250-AUTH PLAIN LOGIN\r\n250 HELP", ct);
                        break;
                    case "HELO":
                        Reset();
                        await ReplyAsync("250 maillage-sink", ct);
                        break;
                    case "AUTH":
                        await AuthenticateAsync(argument, ct);
                        break;
                    case "MAIL":
                        await MailAsync(line, ct);
                        break;
                    case "RCPT":
                        await RecipientAsync(line, ct);
                        break;
                    case "DATA":
                        await DataAsync(ct);
                        break;
                    case "RSET":
                        Reset();
                        await ReplyAsync("250 2.0.0 OK", ct);
                        break;
                    case "NOOP":
                        await ReplyAsync("250 2.0.0 OK", ct);
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 Bye", ct);
                        return;
                    default:
                        await ReplyAsync("502 5.5.2 Command not recognized", ct);
                        break;
                }
            }
        }

        private void Reset()
        {
            from = null;
            recipients.Clear();
        }

        private async Task MailAsync(string line, CancellationToken ct)
        {
            if (!authenticated)
            {
                await ReplyAsync("530 5.7.0 Authentication required", ct);
                return;
            }

            if (Address(line) is not { } address)
            {
                await ReplyAsync("501 5.5.4 Syntax: MAIL FROM:<address>", ct);
                return;
            }

            Reset();
            from = address;
            await ReplyAsync("250 2.1.0 Sender OK", ct);
        }

        private async Task RecipientAsync(string line, CancellationToken ct)
        {
            if (from is null)
            {
                await ReplyAsync("503 5.5.1 MAIL first", ct);
                return;
            }

            if (Address(line) is not { Length: > 0 } address)
            {
                await ReplyAsync("501 5.5.4 Syntax: RCPT TO:<address>", ct);
                return;
            }

            if (sink.TryReject(out var rejected))
            {
                await ReplyAsync(rejected, ct);
                return;
            }

            recipients.Add(address);
            await ReplyAsync("250 2.1.5 Recipient OK", ct);
        }

        private async Task DataAsync(CancellationToken ct)
        {
            if (from is null || recipients.Count == 0)
            {
                await ReplyAsync("503 5.5.1 RCPT first", ct);
                return;
            }

            if (sink.TryReject(out var rejected))
            {
                await ReplyAsync(rejected, ct);
                return;
            }

            await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", ct);
            using var data = new MemoryStream();
            var tooLarge = false;
            while (true)
            {
                var line = await reader.ReadLineAsync(ct) ?? throw new IOException("connection closed during DATA");
                if (line is [(byte)'.'])
                {
                    break;
                }

                var content = line is [(byte)'.', ..] ? line.AsSpan(1) : line;
                if (data.Length + content.Length + 2 > MaxMessage)
                {
                    tooLarge = true;
                    continue;
                }

                data.Write(content);
                data.Write("\r\n"u8);
            }

            if (tooLarge)
            {
                await ReplyAsync("552 5.3.4 Message too big", ct);
                Reset();
                return;
            }

            sink.Store(from, [.. recipients], data.ToArray());
            Reset();
            await ReplyAsync("250 2.0.0 OK: queued", ct);
        }

        private async Task AuthenticateAsync(string argument, CancellationToken ct)
        {
            if (sink.userName is null || authenticated)
            {
                await ReplyAsync("503 5.5.1 AUTH not available", ct);
                return;
            }

            var words = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var mechanism = words.Length > 0 ? words[0].ToUpperInvariant() : "";
            string? user;
            string? secret;
            switch (mechanism)
            {
                case "PLAIN":
                    var response = words.Length > 1 ? words[1] : await ChallengeAsync("", ct);
                    var fields = Decode(response)?.Split('\0');
                    (user, secret) = fields is { Length: 3 } ? (fields[1], fields[2]) : (null, null);
                    break;
                case "LOGIN":
                    user = Decode(words.Length > 1 ? words[1] : await ChallengeAsync("VXNlcm5hbWU6", ct));
                    secret = user is null ? null : Decode(await ChallengeAsync("UGFzc3dvcmQ6", ct));
                    break;
                default:
                    await ReplyAsync("504 5.5.4 Unrecognized authentication type", ct);
                    return;
            }

            if (user is null || secret is null)
            {
                await ReplyAsync("501 5.5.2 Cannot decode the response", ct);
                return;
            }

            authenticated = user == sink.userName && secret == sink.password;
            await ReplyAsync(authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid", ct);
        }

        private async Task<string> ChallengeAsync(string challenge, CancellationToken ct)
        {
            await ReplyAsync($"334 {challenge}", ct);
            var line = await reader.ReadLineAsync(ct) ?? throw new IOException("connection closed during AUTH");
            return Encoding.ASCII.GetString(line).Trim();
        }

        private static string? Decode(string base64)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static string? Address(string line)
        {
            var match = EnvelopeAddress().Match(line);
            return !match.Success ? null : match.Groups[1].Success ? match.Groups[1].Value.Trim() : match.Groups[2].Value.Trim();
        }

        private async Task ReplyAsync(string reply, CancellationToken ct) => await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), ct);
    }

    /// <summary>Lines of bytes (CRLF or a bare LF), so that DATA keeps its bytes whatever their charset.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] buffer = new byte[16384];
        private int start;
        private int end;

        public async Task<byte[]?> ReadLineAsync(CancellationToken ct)
        {
            using var line = new MemoryStream();
            while (true)
            {
                if (start == end)
                {
                    start = 0;
                    end = await stream.ReadAsync(buffer, ct);
                    if (end == 0)
                    {
                        return line.Length > 0 ? line.ToArray() : null;
                    }
                }

                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (newline < 0)
                {
                    // Past the limit the rest of the line is dropped; the caller sees a too-long line.
                    if (line.Length <= MaxLine)
                    {
                        line.Write(buffer, start, end - start);
                    }

                    start = end;
                    continue;
                }

                if (line.Length <= MaxLine)
                {
                    line.Write(buffer, start, newline - start);
                }

                start = newline + 1;
                var bytes = line.ToArray();
                return bytes is [.., (byte)'\r'] ? bytes[..^1] : bytes;
            }
        }
    }
}
