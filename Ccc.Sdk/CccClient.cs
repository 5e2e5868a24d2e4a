using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ccc.Sdk;

/// <summary>
/// The client of the CCC OpenAPI (2020-07-01): signs each call, sends it over RestSharp/<see cref="HttpClient"/>, parses
/// the envelope and returns the typed <c>Data</c> in a <see cref="CccResponse{T}"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe; create one per instance/region and reuse it (with dependency injection: <c>services.AddCcc(...)</c>).</para>
/// <para>Every service method either returns the service's <c>Data</c> or throws a <see cref="CccException"/> subclass
/// (<see cref="CccAuthenticationException"/>, <see cref="CccPermissionException"/>, <see cref="CccNotFoundException"/>,
/// <see cref="CccInvalidParameterException"/>, <see cref="CccConflictException"/>, <see cref="CccThrottlingException"/>,
/// <see cref="CccServiceException"/>, <see cref="CccRequestOutcomeUnknownException"/>); it throws
/// <see cref="ArgumentException"/> for a request that cannot be sent (no instance id, a required parameter missing),
/// <see cref="CccCredentialException"/> when no credentials are available and <see cref="OperationCanceledException"/>
/// when cancelled. It never throws a <see cref="JsonException"/> or a raw transport exception.</para>
/// <para>Each call goes through a pipeline of small steps (tracing, outcome logging, retry, clock-skew correction, signing,
/// per-attempt logging and metrics, error classification, per-attempt timeout, the RestSharp transport).
/// Read actions (<c>List*</c>, <c>Get*</c>, <c>PollUserStatus</c>) are retried on throttling, 5xx, network failures and timeouts; every
/// action is retried on throttling and once on <c>InvalidTimeStamp.Expired</c> (after correcting the clock skew);
/// state-changing actions are never re-sent once they may have reached the service.</para>
/// </remarks>
public partial class CccClient : IDisposable
{
    private readonly CccCredential _credential = null!;
    private readonly CccClientOptions _options = null!;
    private readonly RestSharpTransport _transport = null!;
    private readonly HttpClient? _ownedHttpClient;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly Uri _endpoint = null!;
    private readonly ClockSkew _clockSkew = new();
    private readonly RetryPolicy _retry = null!;
    private readonly CccPipeline _pipeline = null!;

    /// <summary>Creates a client whose credentials come from <see cref="DefaultCredentialChain"/> (options, environment, credentials file).</summary>
    /// <param name="options">The client options.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="CccCredentialException">No source of the chain has usable credentials.</exception>
    public CccClient(CccClientOptions options)
        : this(new DefaultCredentialChain(options ?? throw new ArgumentNullException(nameof(options))), options)
    {
    }

    /// <summary>Creates a client.</summary>
    /// <param name="credential">Where the keys come from (AccessKey, STS, bearer token, the default chain…).</param>
    /// <param name="options">The client options (validated here).</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send through (not disposed by the client); a new one when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for signing times, timeouts and retry delays; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="loggerFactory">Where the client logs (category <c>Ccc.Sdk.CccClient</c>); nothing is logged when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CccClient(
        CccCredential credential,
        CccClientOptions options,
        HttpClient? httpClient = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options);

        _credential = credential;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        ILogger logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(typeof(CccClient).FullName!);
        _endpoint = options.GetEndpoint();
        string host = _endpoint.Authority;

        if (httpClient is null)
        {
            _ownedHttpClient = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            httpClient = _ownedHttpClient;
        }

        _transport = new RestSharpTransport(httpClient, _endpoint, BuildUserAgent(options.UserAgent));
        _retry = new RetryPolicy(new CccRetryPolicy(options.Retry, _time), logger, host, options.Timeout);

        // Outermost first: one activity and one outcome log per call; retries around everything an attempt does; the
        // clock-skew re-send inside the retry loop (once per call); then each attempt is signed afresh, logged and
        // measured, classified, bounded by the timeout, and sent.
        _pipeline = new CccPipeline(
            new DiagnosticsPolicy(_endpoint.Host),
            new LoggingPolicy(logger),
            _retry,
            new ClockSkewPolicy(_clockSkew, _time, logger),
            new SigningPolicy(credential, options.SignatureAlgorithm, host, _time, _clockSkew),
            new AttemptTelemetryPolicy(logger, host),
            new ClassificationPolicy(),
            new TimeoutPolicy(options.Timeout, _time),
            new TransportPolicy(_transport));
    }

    /// <summary>For mocking: a client whose members are all to be set up by the mock.</summary>
    protected CccClient()
    {
    }

    /// <summary>The endpoint requests go to.</summary>
    public virtual Uri Endpoint => _endpoint;

    /// <summary>The offset added to the local clock when signing, learnt from the service's <c>Date</c> header after an <c>InvalidTimeStamp.Expired</c>.</summary>
    internal TimeSpan ClockSkew
    {
        get => _clockSkew.Value;
        set => _clockSkew.Value = value;
    }

    /// <summary>
    /// Sends any OpenAPI action and returns its <c>Data</c> as JSON with the raw response text in
    /// <see cref="CccResponse{T}.RawContent"/> (used by the softphone proxy, which forwards responses unchanged).
    /// When the request has no <c>InstanceId</c> parameter, <see cref="CccClientOptions.InstanceId"/> is added if set.
    /// </summary>
    /// <param name="request">The action and its parameters (unencoded).</param>
    /// <param name="cancellationToken">Cancels the call, including retry waits.</param>
    /// <returns>The <c>Data</c> (<see cref="JsonValueKind.Undefined"/> when absent), the <c>RequestId</c> and the raw body.</returns>
    /// <exception cref="CccException">The service answered with an error, or could not be reached.</exception>
    public virtual async Task<CccResponse<JsonElement>> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.InstanceId is { } instanceId && !request.Query.Any(p => p.Key == "InstanceId") && !request.Form.Any(p => p.Key == "InstanceId"))
        {
            request.With("InstanceId", instanceId);
        }

        var (envelope, status, body) = await InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        JsonElement data = envelope.Data.IsEmpty ? default : JsonElement.Parse(envelope.Data.Span);
        return new CccResponse<JsonElement>(data, envelope.RequestId, envelope.Params, status, System.Text.Encoding.UTF8.GetString(body));
    }

    /// <summary>Disposes the transport (and the <see cref="HttpClient"/> if the client created it).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the transport.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _transport?.Dispose();
            _ownedHttpClient?.Dispose();
        }
    }

    /// <summary>Replaces the jitter source (a value in [0, 1]) — a test seam.</summary>
    internal void UseJitter(Func<double> random) => _retry.Backoff = new CccRetryPolicy(_options.Retry, _time, random);

    /// <summary>Sends a typed request and deserializes its <c>Data</c>.</summary>
    private protected async Task<CccResponse<T>> SendAsync<T>(CccRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var api = BuildApiRequest(request, null);
        var (envelope, status, _) = await InvokeAsync(api, cancellationToken).ConfigureAwait(false);
        return new CccResponse<T>(ReadData(envelope, status, typeInfo, api.Action), envelope.RequestId, envelope.Params, status);
    }

    /// <summary>Pages a list request; the request is checked now so a bad one throws before enumeration.</summary>
    private protected CccPageable<T> List<T>(CccRequest request, JsonTypeInfo<CccPagedData<T>> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        BuildApiRequest(request, null);
        return new CccPageable<T>((number, size, ct) => FetchPageAsync(request, number, size, typeInfo, ct), cancellationToken);
    }

    /// <summary>Requests one page of a list action.</summary>
    private protected async Task<CccPage<T>> FetchPageAsync<T>(CccRequest request, int number, int size, JsonTypeInfo<CccPagedData<T>> typeInfo, CancellationToken cancellationToken)
    {
        var api = BuildApiRequest(request, a => a
            .With("PageNumber", number.ToString(CultureInfo.InvariantCulture))
            .With("PageSize", size.ToString(CultureInfo.InvariantCulture)));
        var (envelope, status, _) = await InvokeAsync(api, cancellationToken).ConfigureAwait(false);
        var data = ReadData(envelope, status, typeInfo, api.Action);
        return new CccPage<T>(data.List ?? [], number, size, data.TotalCount, envelope.RequestId);
    }

    private ApiRequest BuildApiRequest(CccRequest request, Action<ApiRequest>? paging)
    {
        var api = NewApiRequest(request);
        paging?.Invoke(api);
        request.WriteParameters(api);
        return api;
    }

    /// <summary>
    /// The request's <see cref="ApiRequest"/> with its <c>InstanceId</c> (the request's, else the client's default)
    /// when the action takes one; an action that does not (e.g. <c>ListInstances</c>) needs none.
    /// </summary>
    /// <exception cref="ArgumentException">The action takes an instance and none is known.</exception>
    private protected ApiRequest NewApiRequest(CccRequest request)
    {
        var api = new ApiRequest(request.Action);
        if (!request.TakesInstanceId)
        {
            return api;
        }

        string instanceId = !string.IsNullOrWhiteSpace(request.InstanceId) ? request.InstanceId.Trim()
            : !string.IsNullOrWhiteSpace(_options.InstanceId) ? _options.InstanceId.Trim()
            : throw new ArgumentException($"{request.Action} needs an InstanceId: set it on the request or in CccClientOptions.InstanceId.", nameof(request));
        return api.With("InstanceId", instanceId);
    }

    private static T ReadData<T>(CccEnvelope envelope, int status, JsonTypeInfo<T> typeInfo, string action)
    {
        try
        {
            T? value = envelope.Data.IsEmpty ? default : JsonSerializer.Deserialize(envelope.Data.Span, typeInfo);
            return value ?? JsonSerializer.Deserialize("{}"u8, typeInfo)!;
        }
        catch (JsonException ex)
        {
            throw new CccServiceException(
                CccException.Format(action, "InvalidResponse", $"The Data of the response does not have the documented shape ({ex.Message}).", envelope.RequestId, status),
                "InvalidResponse", envelope.RequestId, status, action, envelope.Params, ex);
        }
    }

    /// <summary>One OpenAPI call through the pipeline; returns the success envelope, throws the classified error.</summary>
    private async Task<(CccEnvelope Envelope, int Status, byte[] Body)> InvokeAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var message = new CccMessage(request, CccRetryPolicy.IsReadAction(request.Action), cancellationToken);
        await _pipeline.SendAsync(message).ConfigureAwait(false);
        var response = message.Response!;
        return (message.Classification.Envelope!, response.Status, response.Body);
    }

    private static string BuildUserAgent(string? appToken)
    {
        string version = typeof(CccClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        string ua = $"Ccc.Sdk/{version} ({RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription})";
        return string.IsNullOrWhiteSpace(appToken) ? ua : ua + " " + appToken.Trim();
    }

    private static void ValidateOptions(CccClientOptions options)
    {
        var errors = options.GetValidationErrors().Select(e => e.Message).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid CccClientOptions: " + string.Join(" ", errors), nameof(options));
        }
    }
}
