using System.Net;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>A parsed emulator response.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, JsonElement Body, string RawBody)
{
    public string Code => Body.GetProperty("Code").GetString()!;

    public string RequestId => Body.GetProperty("RequestId").GetString()!;

    public JsonElement Data => Body.GetProperty("Data");

    public bool HasParams => Body.TryGetProperty("Params", out _);

    public override string ToString() => $"{(int)Status} {RawBody}";
}

/// <summary>
/// One in-process emulator on a fake clock plus an HttpClient and the test signer. Call <see cref="CallAsync"/>
/// for a correctly signed V3 call, or build a request by hand and use <see cref="SendAsync"/>.
/// </summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private EmulatorHarness(CccEmulator emulator, FakeTimeProvider clock)
    {
        Emulator = emulator;
        Clock = clock;
        Http = new HttpClient { BaseAddress = emulator.Endpoint };
    }

    public CccEmulator Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public static async Task<EmulatorHarness> StartAsync(Action<CccEmulatorOptions>? configure = null, DateTimeOffset? now = null)
    {
        var clock = new FakeTimeProvider(now ?? DefaultNow);
        var options = new CccEmulatorOptions { TimeProvider = clock };
        configure?.Invoke(options);
        return new EmulatorHarness(await CccEmulator.StartAsync(options), clock);
    }

    /// <summary>A correctly signed V3 POST; <paramref name="form"/> goes in an x-www-form-urlencoded body.</summary>
    public Task<ApiResponse> CallAsync(string action, IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>>? form = null, Action<V3Request>? tweak = null)
    {
        var request = V3Request.Create(this, action, query, form);
        tweak?.Invoke(request);
        return SendAsync(request.ToHttpRequest(Emulator.Endpoint));
    }

    public Task<ApiResponse> CallAsync(string action, params (string Name, string Value)[] query) =>
        CallAsync(action, query.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await Http.SendAsync(request))
        {
            var raw = await response.Content.ReadAsStringAsync();
            using var document = JsonDocument.Parse(raw);
            return new ApiResponse(response.StatusCode, document.RootElement.Clone(), raw);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

/// <summary>A V3 request as plain parts, so tests can change any one of them before (or after) signing.</summary>
internal sealed class V3Request
{
    public string Method { get; set; } = "POST";

    public List<KeyValuePair<string, string>> Query { get; } = [];

    /// <summary>Lowercase header names → values; all are signed when <see cref="Sign"/> runs.</summary>
    public SortedDictionary<string, string> Headers { get; } = new(StringComparer.Ordinal);

    public byte[] Body { get; set; } = [];

    public string? Authorization { get; set; }

    public string AccessKeyId { get; set; } = CccEmulator.DevAccessKeyId;

    public string AccessKeySecret { get; set; } = CccEmulator.DevAccessKeySecret;

    public static V3Request Create(EmulatorHarness harness, string action, IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        var request = new V3Request();
        request.Query.AddRange(query);
        request.Headers["host"] = harness.Emulator.Endpoint.Authority;
        request.Headers["x-acs-action"] = action;
        request.Headers["x-acs-version"] = "2020-07-01";
        request.Headers["x-acs-date"] = harness.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        request.Headers["x-acs-signature-nonce"] = Guid.NewGuid().ToString("N");
        if (form is not null)
        {
            request.Body = Encoding.UTF8.GetBytes(TestSigner.QueryString(form));
            request.Headers["content-type"] = "application/x-www-form-urlencoded";
        }

        request.Sign();
        return request;
    }

    /// <summary>Sets x-acs-content-sha256 and Authorization from the current parts.</summary>
    public void Sign()
    {
        Headers["x-acs-content-sha256"] = TestSigner.Sha256Hex(Body);
        Authorization = TestSigner.V3Authorization(AccessKeyId, AccessKeySecret, Method, Query, Headers, Body);
    }

    public HttpRequestMessage ToHttpRequest(Uri endpoint)
    {
        var uri = new Uri(endpoint, Query.Count == 0 ? "/" : "/?" + TestSigner.QueryString(Query));
        var message = new HttpRequestMessage(new HttpMethod(Method), uri);
        foreach (var (name, value) in Headers)
        {
            if (name == "host")
            {
                message.Headers.Host = value;
            }
            else if (name != "content-type")
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (Body.Length > 0 || Headers.ContainsKey("content-type"))
        {
            message.Content = new ByteArrayContent(Body);
            if (Headers.TryGetValue("content-type", out var contentType))
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        if (Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        return message;
    }
}
