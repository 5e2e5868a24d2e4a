using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RestSharp;

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
/// <para>Read actions (<c>List*</c>, <c>Get*</c>) are retried on throttling, 5xx, network failures and timeouts; every
/// action is retried on throttling and once on <c>InvalidTimeStamp.Expired</c> (after correcting the clock skew);
/// state-changing actions are never re-sent once they may have reached the service.</para>
/// </remarks>
public partial class CccClient : IDisposable
{
    private readonly CccCredential _credential = null!;
    private readonly CccClientOptions _options = null!;
    private readonly RestClient _rest = null!;
    private readonly HttpClient? _ownedHttpClient;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly Uri _endpoint = null!;
    private readonly string _host = null!;
    private readonly string _userAgent = null!;
    private CccRetryPolicy _retry = null!;
    private long _clockSkewTicks;

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
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(typeof(CccClient).FullName!);
        _endpoint = options.GetEndpoint();
        _host = _endpoint.Authority;
        _userAgent = BuildUserAgent(options.UserAgent);
        _retry = new CccRetryPolicy(options.Retry, _time);

        if (httpClient is null)
        {
            _ownedHttpClient = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            httpClient = _ownedHttpClient;
        }

        var restOptions = new RestClientOptions(_endpoint)
        {
            // Sent by the interceptor with the signed headers: RestSharp's default-parameter pipeline costs more per call.
            UserAgent = null,
            // Transport failures surface as exceptions (classified by InvokeAsync); a 4xx/5xx is a response to parse.
            ThrowOnAnyError = true,
            SetErrorExceptionOnUnsuccessfulStatusCode = false,
            FollowRedirects = false,

            // CccClientOptions.Timeout applies per attempt (through TimeProvider); RestSharp needs no timer of its own.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _rest = new RestClient(httpClient, restOptions, disposeHttpClient: false);
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
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockSkewTicks));
        set => Interlocked.Exchange(ref _clockSkewTicks, value.Ticks);
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
            _rest?.Dispose();
            _ownedHttpClient?.Dispose();
        }
    }

    /// <summary>Replaces the jitter source (a value in [0, 1]) — a test seam.</summary>
    internal void UseJitter(Func<double> random) => _retry = new CccRetryPolicy(_options.Retry, _time, random);

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
        string instanceId = !string.IsNullOrWhiteSpace(request.InstanceId) ? request.InstanceId.Trim()
            : !string.IsNullOrWhiteSpace(_options.InstanceId) ? _options.InstanceId.Trim()
            : throw new ArgumentException($"{request.Action} needs an InstanceId: set it on the request or in CccClientOptions.InstanceId.", nameof(request));
        var api = new ApiRequest(request.Action).With("InstanceId", instanceId);
        paging?.Invoke(api);
        request.WriteParameters(api);
        return api;
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

    /// <summary>One OpenAPI call with the retry policy: sign, send, parse, map errors, maybe wait and try again.</summary>
    private async Task<(CccEnvelope Envelope, int Status, byte[] Body)> InvokeAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        string action = request.Action;
        bool read = CccRetryPolicy.IsReadAction(action);
        using var activity = CccDiagnostics.ActivitySource.StartActivity("CCC " + action, ActivityKind.Client);
        activity?.SetTag("rpc.system", "ccc");
        activity?.SetTag("rpc.method", action);
        activity?.SetTag("server.address", _endpoint.Host);

        int retries = 0;
        bool skewCorrected = false;
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CccCredentials credentials = await _credential.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);

            // A fresh nonce and date on every attempt: the service rejects a reused nonce (SignatureNonceUsed).
            SignedApiRequest signed = RequestSigner.Sign(
                request, credentials, _options.SignatureAlgorithm, _host, _time.GetUtcNow() + ClockSkew, Guid.NewGuid().ToString("N"));

            Log.RequestStarting(_logger, action, attempt, _host);
            long started = _time.GetTimestamp();
            WireResponse? response = null;
            Exception? failure = null;
            bool timedOut;
            using (var timeout = new CancellationTokenSource(_options.Timeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    response = await SendOnceAsync(signed, read, linked.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    failure = ex;
                }

                timedOut = timeout.IsCancellationRequested;
            }

            cancellationToken.ThrowIfCancellationRequested();
            double elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;

            if (response is null)
            {
                // No HTTP response: the connection failed, dropped, or the attempt timed out.
                failure ??= new HttpRequestException("No response.");
                string code = timedOut ? "Timeout" : "NetworkError";
                CccDiagnostics.Record(action, code, elapsedMs, failed: true);
                if (!read && (timedOut || MayHaveReachedService(failure)))
                {
                    Log.OutcomeUnknown(_logger, action, failure.GetType().Name);
                    activity?.SetStatus(ActivityStatusCode.Error, CccRequestOutcomeUnknownException.OutcomeUnknownCode);
                    throw new CccRequestOutcomeUnknownException(action, failure);
                }

                if (retries < _retry.MaxRetries)
                {
                    retries++;
                    var delay = _retry.ComputeDelay(retries, null);
                    Log.RetryScheduled(_logger, action, attempt, code, delay.TotalMilliseconds);
                    await _retry.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Log.RequestFailed(_logger, action, 0, code, null, attempt);
                activity?.SetStatus(ActivityStatusCode.Error, code);
                // The host and the cause in plain words; never the URL, whose query carries the signature.
                string what = timedOut
                    ? $"no response from {_host} within {_options.Timeout.TotalSeconds:0.###} s"
                    : $"{_host} could not be reached: {NetworkFailure.Describe(failure)}";
                throw new CccServiceException(CccException.Format(action, code, $"{what}; gave up after {attempt} attempt(s).", null, 0), code, null, 0, action, null, failure);
            }

            int status = response.Status;
            byte[] body = response.Body;
            TimeSpan? retryAfter = ReadRetryAfter(response);
            CccEnvelope? envelope = CccEnvelope.TryParse(body);
            activity?.SetTag("http.response.status_code", status);
            activity?.SetTag("ccc.request_id", envelope?.RequestId);

            CccException error;
            if (envelope is not null && status is >= 200 and < 300 && envelope.IsOk)
            {
                string okCode = envelope.Code ?? "OK";
                CccDiagnostics.Record(action, okCode, elapsedMs, failed: false);
                Log.RequestCompleted(_logger, action, status, okCode, envelope.RequestId, elapsedMs);
                return (envelope, status, body);
            }
            else if (envelope is null)
            {
                error = CccErrorFactory.FromNonJson(action, status, response.ContentType, System.Text.Encoding.UTF8.GetString(body), retryAfter, response.Header("x-acs-request-id"));
            }
            else
            {
                error = CccErrorFactory.FromEnvelope(action, status, envelope, retryAfter);
            }

            CccDiagnostics.Record(action, error.Code, elapsedMs, failed: true);

            if (error.Code == "InvalidTimeStamp.Expired" && !skewCorrected && ReadDate(response) is { } serverTime)
            {
                // The service rejected the request before acting: correct the clock and try once more, whatever the action.
                skewCorrected = true;
                ClockSkew = serverTime - _time.GetUtcNow();
                Log.ClockSkewCorrected(_logger, ClockSkew.TotalSeconds);
                Log.RetryScheduled(_logger, action, attempt, error.Code, 0);
                continue;
            }

            bool retryable = error is CccThrottlingException || (read && error is CccServiceException && status >= 500);
            if (retryable && retries < _retry.MaxRetries)
            {
                retries++;
                var delay = _retry.ComputeDelay(retries, (error as CccThrottlingException)?.RetryAfter);
                Log.RetryScheduled(_logger, action, attempt, error.Code, delay.TotalMilliseconds);
                await _retry.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            Log.RequestFailed(_logger, action, status, error.Code, error.RequestId, attempt);
            activity?.SetStatus(ActivityStatusCode.Error, error.Code);
            throw error;
        }
    }

    /// <summary>
    /// Sends one attempt through RestSharp and reads the whole body. The response is streamed
    /// (<see cref="RestClient.DownloadStreamAsync"/>) and its status and headers taken from the
    /// <see cref="HttpResponseMessage"/> itself, so RestSharp does not also build a <see cref="RestResponse"/> copy of it.
    /// </summary>
    /// <exception cref="HttpRequestException">No response arrived (RestSharp rethrows transport failures).</exception>
    private async Task<WireResponse> SendOnceAsync(SignedApiRequest signed, bool read, CancellationToken cancellationToken)
    {
        var wire = new ExactWireInterceptor(_endpoint, signed, read, _userAgent);
        var rest = new RestRequest(resource: string.Empty, Method.Post) { Interceptors = [wire] };
        await using Stream? stream = await _rest.DownloadStreamAsync(rest, cancellationToken).ConfigureAwait(false);
        using HttpResponseMessage message = wire.Response ?? throw new HttpRequestException("No response.");
        byte[] body = stream is null ? [] : await ReadBodyAsync(stream, message.Content.Headers.ContentLength, cancellationToken).ConfigureAwait(false);
        return new WireResponse((int)message.StatusCode, body, message.Content.Headers.ContentType?.ToString(), message.Headers);
    }

    private static async Task<byte[]> ReadBodyAsync(Stream stream, long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength is >= 0 and <= 16 * 1024 * 1024)
        {
            byte[] body = new byte[contentLength.Value];
            await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            return body;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static bool MayHaveReachedService(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError })
            {
                return false;
            }

            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return false;
            }
        }

        return true;
    }

    private static TimeSpan? ReadRetryAfter(WireResponse response) =>
        int.TryParse(response.Header("x-acs-retry-after"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static DateTimeOffset? ReadDate(WireResponse response) =>
        response.Headers.Date is { } date ? date.ToUniversalTime() : null;

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

    /// <summary>One HTTP response: status, body bytes and headers.</summary>
    private sealed record WireResponse(int Status, byte[] Body, string? ContentType, HttpResponseHeaders Headers)
    {
        public string? Header(string name) =>
            Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
    }

    /// <summary>
    /// Puts the signed URI, headers and body on the <see cref="HttpRequestMessage"/> exactly as signed (RestSharp
    /// never re-encodes or re-orders the query), and keeps the <see cref="HttpResponseMessage"/> for its status and headers.
    /// </summary>
    private sealed class ExactWireInterceptor(Uri endpoint, SignedApiRequest signed, bool read, string userAgent) : RestSharp.Interceptors.Interceptor
    {
        public HttpResponseMessage? Response { get; private set; }

        public override ValueTask BeforeHttpRequest(HttpRequestMessage requestMessage, CancellationToken cancellationToken)
        {
            requestMessage.RequestUri = new Uri(
                endpoint.GetLeftPart(UriPartial.Authority) + signed.PathAndQuery,
                new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            if (signed.Body.Length == 0)
            {
                // SocketsHttpHandler silently re-sends a request whose connection closes before any response byte (up to
                // 3 times, even on a new connection) unless request content has started to go out. An empty body
                // (Content-Length: 0, unsigned) switches that off for state-changing actions: MakeCall is never dialled twice.
                requestMessage.Content = read ? null : new ByteArrayContent([]);
            }
            else
            {
                var content = new ByteArrayContent(signed.Body);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(signed.ContentType!);
                requestMessage.Content = content;
            }

            foreach (var header in signed.Headers)
            {
                // HttpClient writes Host from the URI: the same authority the request was signed for.
                if (!header.Key.Equals("host", StringComparison.OrdinalIgnoreCase))
                {
                    requestMessage.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            requestMessage.Headers.UserAgent.Clear();
            requestMessage.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            requestMessage.Headers.Accept.Clear();
            requestMessage.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return default;
        }

        public override ValueTask AfterHttpRequest(HttpResponseMessage responseMessage, CancellationToken cancellationToken)
        {
            Response = responseMessage;
            return default;
        }
    }
}
