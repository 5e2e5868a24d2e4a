using BenchmarkDotNet.Attributes;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Signing;
using RestSharp;

namespace Ccc.Sdk.Benchmarks;

/// <summary>
/// A <c>ListUsers</c> round trip to the in-process emulator on loopback through <see cref="CccClient"/> (the request
/// pipeline: signing, retry and diagnostics steps, RestSharp, envelope parsing into typed models) against the baseline,
/// the same request signed once in advance and sent through RestSharp alone (the transport the SDK is built on). A
/// bare <see cref="HttpClient"/> row shows the transport's own share. All share one <see cref="HttpClient"/> and the
/// emulator does the same work for each (it is told to accept the replayed nonce). Goal: CccClient at most 1.15x the
/// baseline (the SDK's own work).
/// </summary>
[MemoryDiagnoser]
public class RoundTripBenchmarks
{
    private CccEmulator _emulator = null!;
    private HttpClient _http = null!;
    private CccClient _client = null!;
    private SignedApiRequest _presigned = null!;
    private Uri _presignedUri = null!;
    private RestSharp.RestClient _rest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _emulator = CccEmulator.StartAsync(new CccEmulatorOptions { AcceptReplayedNonces = true }).GetAwaiter().GetResult();
        _http = new HttpClient { BaseAddress = _emulator.Endpoint };
        var credential = new AccessKeyCredential(_emulator.AccessKeyId, _emulator.AccessKeySecret);
        _client = new CccClient(credential, new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId }, _http);

        var request = new ApiRequest("ListUsers")
            .With("InstanceId", _emulator.InstanceId)
            .With("PageNumber", "1")
            .With("PageSize", "10");
        _presigned = RequestSigner.Sign(
            request,
            CccCredentials.FromAccessKey(_emulator.AccessKeyId, _emulator.AccessKeySecret),
            SignatureAlgorithm.Acs3HmacSha256,
            _emulator.Endpoint.Authority,
            DateTimeOffset.UtcNow,
            Guid.NewGuid().ToString("N"));
        _presignedUri = new Uri(_emulator.Endpoint, _presigned.PathAndQuery);
        _rest = new RestSharp.RestClient(_http, new RestSharp.RestClientOptions(_emulator.Endpoint), disposeHttpClient: false);

        // Both paths must succeed before anything is timed.
        string baseline = BareHttpClient().GetAwaiter().GetResult();
        if (!baseline.Contains("\"Code\":\"OK\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The pre-signed request was refused: " + baseline);
        }

        if (CccClientListUsers().GetAwaiter().GetResult() <= 0)
        {
            throw new InvalidOperationException("CccClient did not list the seeded agents.");
        }

        if (RestSharpAlone().GetAwaiter().GetResult() != 200)
        {
            throw new InvalidOperationException("RestSharp alone did not get HTTP 200 for the pre-signed request.");
        }

        if (RestSharpAloneStreamed().GetAwaiter().GetResult() <= 0)
        {
            throw new InvalidOperationException("RestSharp alone (streamed) read no body for the pre-signed request.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _rest.Dispose();
        _http.Dispose();
        _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Diagnostic row: no RestSharp at all.</summary>
    [Benchmark(Description = "pre-signed ListUsers through a bare HttpClient")]
    public async Task<string> BareHttpClient()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _presignedUri);
        foreach (var header in _presigned.Headers)
        {
            if (!header.Key.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        message.Content = new ByteArrayContent(_presigned.Body);
        using var response = await _http.SendAsync(message).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }

    /// <summary>The baseline: the transport alone, sending the pre-signed request and reading the response.</summary>
    [Benchmark(Baseline = true, Description = "pre-signed ListUsers through RestSharp alone")]
    public async Task<int> RestSharpAlone()
    {
        var request = new RestSharp.RestRequest(_presigned.PathAndQuery, RestSharp.Method.Post);
        foreach (var header in _presigned.Headers)
        {
            if (!header.Key.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                request.AddHeader(header.Key, header.Value);
            }
        }

        var response = await _rest.ExecuteAsync(request).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    /// <summary>
    /// The stricter baseline: RestSharp's streaming call (<c>DownloadStreamAsync</c>), the one the SDK's transport makes,
    /// sending the pre-signed request and reading the body's bytes — RestSharp used as well as the SDK uses it.
    /// </summary>
    [Benchmark(Description = "pre-signed ListUsers through RestSharp alone, streamed")]
    public async Task<int> RestSharpAloneStreamed()
    {
        var request = new RestSharp.RestRequest(_presigned.PathAndQuery, RestSharp.Method.Post);
        foreach (var header in _presigned.Headers)
        {
            if (!header.Key.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                request.AddHeader(header.Key, header.Value);
            }
        }

        await using var stream = await _rest.DownloadStreamAsync(request).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream!.CopyToAsync(buffer).ConfigureAwait(false);
        return (int)buffer.Length;
    }

    [Benchmark(Description = "CccClient.ListUsersAsync, one page of 10")]
    public async Task<int> CccClientListUsers()
    {
        await foreach (var page in _client.ListUsersAsync().AsPages(pageSize: 10).ConfigureAwait(false))
        {
            return page.Items.Count;
        }

        return 0;
    }
}
