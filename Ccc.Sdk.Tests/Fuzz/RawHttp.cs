using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>
/// One hostile HTTP/1.1 request, written byte for byte: HttpClient refuses to send most of what a fuzzer needs (raw
/// non-ASCII bytes in the request line, CR LF in header values, two Content-Lengths, a broken chunk).
/// </summary>
internal sealed record FuzzRequest
{
    /// <summary>What was mutated, short (it names the input in a violation).</summary>
    public required string Description { get; init; }

    public string Method { get; init; } = "POST";

    /// <summary>The request target (path and query) as sent; characters up to U+00FF go out as single bytes (Latin-1),
    /// so <c>"\u00ED\u00A0\u0080"</c> sends the raw bytes ED A0 80.</summary>
    public required string Target { get; init; }

    /// <summary>Headers as sent, same byte rule. <c>Host</c>, <c>Content-Length</c> and <c>Connection: close</c> are added
    /// unless present here.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    /// <summary>Send <see cref="Body"/> as it is, with no Content-Length (the headers frame it, e.g. a hand-made chunked body).</summary>
    public bool BodyIsFramed { get; init; }

    /// <summary>No Host header at all.</summary>
    public bool NoHost { get; init; }

    /// <summary>Broken at the HTTP level (request line, header syntax, framing): Kestrel may refuse it with its own bare
    /// 4xx before the application sees it, which docs/emulator.md accepts as the one exception to the envelope.</summary>
    public bool HttpLevel { get; init; }

    public override string ToString() => Description;
}

/// <summary>What came back: the status, the headers (names case-insensitive, repeated values joined) and the body.</summary>
internal sealed record FuzzResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? ContentType => Headers.TryGetValue("Content-Type", out var value) ? value : null;

    public string MediaType => ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The first 160 characters of the body, on one line, for a violation message.</summary>
    public string Excerpt
    {
        get
        {
            var text = Text.ReplaceLineEndings(" ");
            return text.Length <= 160 ? text : text[..160] + "…";
        }
    }
}

/// <summary>
/// Sends <see cref="FuzzRequest"/>s over a fresh loopback connection each (<c>Connection: close</c>), over TLS when a
/// pinned certificate is given (trusting exactly that certificate), and reads the response by hand.
/// </summary>
internal sealed class RawHttp(Uri endpoint, X509Certificate2? pinnedCertificate = null)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string? _thumbprint = pinnedCertificate?.GetCertHashString(HashAlgorithmName.SHA256);

    public Uri Endpoint { get; } = endpoint;

    /// <summary>The response, or <see langword="null"/> with the reason when none came (reset, closed, timed out).</summary>
    public async Task<(FuzzResponse? Response, string? Failure)> SendAsync(FuzzRequest request)
    {
        if (Endpoint.Host != "127.0.0.1")
        {
            throw new InvalidOperationException("The fuzz suite talks to loopback (127.0.0.1) only, not " + Endpoint);
        }

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, Endpoint.Port, timeout.Token);
            Stream stream = tcp.GetStream();
            if (_thumbprint is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == _thumbprint);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" }, timeout.Token);
                stream = ssl;
            }

            await using (stream)
            {
                try
                {
                    await stream.WriteAsync(Serialize(request), timeout.Token);
                    await stream.FlushAsync(timeout.Token);
                }
                catch (IOException)
                {
                    // The server may answer (413, 400) and close before it has read the whole body: read that answer.
                }

                return await ReadResponseAsync(stream, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return (null, $"no response within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            return (null, $"connection failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private byte[] Serialize(FuzzRequest request)
    {
        var head = new StringBuilder();
        head.Append(request.Method).Append(' ').Append(request.Target).Append(" HTTP/1.1\r\n");
        bool Has(string name) => request.Headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        if (!request.NoHost && !Has("Host"))
        {
            head.Append("Host: ").Append(Endpoint.Authority).Append("\r\n");
        }

        foreach (var (name, value) in request.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (!request.BodyIsFramed && !Has("Content-Length") && !Has("Transfer-Encoding") && (request.Body.Length > 0 || request.Method is "POST" or "PUT"))
        {
            head.Append("Content-Length: ").Append(request.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        if (!Has("Connection"))
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. request.Body];
    }

    private static async Task<(FuzzResponse?, string?)> ReadResponseAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int headerEnd = -1;
        bool closed = false;
        while (headerEnd < 0)
        {
            int read = await ReadSomeAsync(stream, chunk, cancellationToken);
            if (read == 0)
            {
                closed = true;
                break;
            }

            buffer.Write(chunk, 0, read);
            headerEnd = IndexOf(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "\r\n\r\n"u8);
        }

        if (headerEnd < 0)
        {
            return (null, closed ? $"connection closed after {buffer.Length} byte(s) without a complete response head" : "no response head");
        }

        var all = buffer.ToArray();
        var lines = Encoding.Latin1.GetString(all, 0, headerEnd).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
        {
            return (null, "unreadable status line: " + lines[0]);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                string name = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
            }
        }

        var rest = new MemoryStream();
        rest.Write(all, headerEnd + 4, all.Length - headerEnd - 4);
        if (status == 101)
        {
            return (new FuzzResponse(status, headers, []), null);
        }

        // Read until the body is complete by its framing, or to the end of the connection (we ask for Connection: close,
        // but a request that asks for an upgrade keeps it open).
        bool chunked = headers.TryGetValue("Transfer-Encoding", out var transfer) && transfer.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        bool bodiless = status is 204 or 304 || (headers.TryGetValue("Content-Length", out var zero) && zero == "0");
        while (!closed && !bodiless && !(chunked && LastChunkRead(rest.GetBuffer().AsSpan(0, (int)rest.Length))))
        {
            int read;
            try
            {
                read = await ReadSomeAsync(stream, chunk, cancellationToken);
            }
            catch (IOException) when (rest.Length > 0 || headers.ContainsKey("Content-Length"))
            {
                break; // a reset after the response was written
            }

            if (read == 0)
            {
                break;
            }

            rest.Write(chunk, 0, read);
            if (headers.TryGetValue("Content-Length", out var declared) && long.TryParse(declared, CultureInfo.InvariantCulture, out long length) && rest.Length >= length)
            {
                break;
            }
        }

        byte[] body = rest.ToArray();
        if (chunked)
        {
            body = Dechunk(body);
        }
        else if (headers.TryGetValue("Content-Length", out var declared) && int.TryParse(declared, CultureInfo.InvariantCulture, out int length) && body.Length > length)
        {
            body = body[..length];
        }

        return (new FuzzResponse(status, headers, body), null);
    }

    private static bool LastChunkRead(ReadOnlySpan<byte> body) => body.SequenceEqual("0\r\n\r\n"u8) || body.EndsWith("\r\n0\r\n\r\n"u8);

    private static async Task<int> ReadSomeAsync(Stream stream, byte[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(chunk, cancellationToken);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            throw new IOException("connection reset by the server", e);
        }
    }

    private static byte[] Dechunk(byte[] data)
    {
        var output = new MemoryStream();
        int position = 0;
        while (position < data.Length)
        {
            int lineEnd = IndexOf(data.AsSpan(position), "\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(data, position, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int size) || size == 0)
            {
                break;
            }

            position += lineEnd + 2;
            output.Write(data, position, Math.Min(size, data.Length - position));
            position += size + 2;
        }

        return output.ToArray();
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
