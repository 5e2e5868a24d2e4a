using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Cli;

/// <summary>
/// The emulator's control API (<c>/_emulator/…</c>, unsigned, loopback only) as the emulator commands use it. Made by
/// <see cref="ConnectAsync"/>, which first asks <c>GET /_emulator/health</c>: an address that answers but is not an
/// emulator is exit code <see cref="ExitCodes.ConfigurationError"/> with a "not a CCC emulator" line (docs/cli.md).
/// An error answer (the cloud's envelope) is exit code <see cref="ExitCodes.ServiceError"/> with its code.
/// </summary>
internal sealed class EmulatorControl : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;

    private EmulatorControl(Uri endpoint, string instanceId, HttpClient http)
    {
        Endpoint = endpoint;
        InstanceId = instanceId;
        _http = http;
    }

    /// <summary>The emulator's address (the OpenAPI and the control API share it).</summary>
    public Uri Endpoint { get; }

    /// <summary>The instance the command works on.</summary>
    public string InstanceId { get; }

    /// <summary>Checks that <paramref name="settings"/>' endpoint is an emulator and returns its control API.</summary>
    public static async Task<EmulatorControl> ConnectAsync(EmulatorSettings settings, CancellationToken cancellationToken)
    {
        var endpoint = settings.ResolveEmulatorEndpoint();
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = endpoint,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("ccc-cli");
        var control = new EmulatorControl(endpoint, settings.ResolveInstance(), http);
        try
        {
            await control.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            return control;
        }
        catch
        {
            control.Dispose();
            throw;
        }
    }

    private async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri("/_emulator/health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK && TryParse(text) is { } health
            && health.RootElement.ValueKind == JsonValueKind.Object && health.RootElement.TryGetProperty("status", out _))
        {
            health.Dispose();
            return;
        }

        throw NotAnEmulator(Endpoint, $"GET /_emulator/health answered {(int)response.StatusCode}");
    }

    /// <summary>The line (and exit code 3) for an address that answers but is not a CCC emulator.</summary>
    public static CliException NotAnEmulator(Uri endpoint, string why) =>
        new(ExitCodes.ConfigurationError, $"{endpoint.GetLeftPart(UriPartial.Authority)} is not a CCC emulator ({why}); emulator commands need an emulator's address, e.g. --endpoint {Ccc.Sdk.Emulator.EmulatorProgram.DefaultRunUrls}.");

    /// <summary>GET <paramref name="path"/>; the JSON answer, or null for a 404 when <paramref name="notFoundIsNull"/>.</summary>
    public Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken, bool notFoundIsNull = false) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken, notFoundIsNull);

    /// <summary>Sends a request with an optional JSON body; the JSON answer (an error envelope becomes a <see cref="CliException"/>).</summary>
    public async Task<JsonDocument?> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
#pragma warning disable IL2026, IL3050 // The tool is not trimmed; bodies are its own anonymous shapes.
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8);
#pragma warning restore IL2026, IL3050
            request.Content.Headers.ContentType = Json;
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var document = TryParse(text);
        if (response.IsSuccessStatusCode)
        {
            return document ?? throw new CliException(ExitCodes.ServiceError, $"the emulator's answer to {method} {path} is not JSON.");
        }

        using (document)
        {
            if (document?.RootElement is { ValueKind: JsonValueKind.Object } error && error.TryGetProperty("Code", out var code))
            {
                if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                var message = error.TryGetProperty("Message", out var m) ? m.GetString() : null;
                throw new CliException(ExitCodes.ServiceError, $"{code.GetString()}: {message}");
            }

            // Not the emulator's envelope: something else answers there (e.g. an older emulator or another server).
            throw NotAnEmulator(Endpoint, $"{method} {path} answered {(int)response.StatusCode}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
