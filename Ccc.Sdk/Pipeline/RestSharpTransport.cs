using System.Net.Http.Headers;
using Ccc.Sdk.Signing;
using RestSharp;

namespace Ccc.Sdk.Pipeline;

/// <summary>
/// The transport, and the only place RestSharp is used: sends one signed attempt exactly as signed (method, encoded
/// query, headers, body) and reads the whole response. The response is streamed
/// (<see cref="RestClient.DownloadStreamAsync"/>) and its status and headers taken from the
/// <see cref="HttpResponseMessage"/> itself, so RestSharp does not also build a <see cref="RestResponse"/> copy of it.
/// </summary>
internal sealed class RestSharpTransport : IDisposable
{
    private readonly RestClient _rest;
    private readonly string _authority;
    private readonly string _userAgent;

    /// <summary>Creates the transport.</summary>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send through (not disposed here).</param>
    /// <param name="endpoint">The service endpoint.</param>
    /// <param name="userAgent">The <c>User-Agent</c> header.</param>
    public RestSharpTransport(HttpClient httpClient, Uri endpoint, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        _authority = endpoint.GetLeftPart(UriPartial.Authority);
        _userAgent = userAgent;
        var options = new RestClientOptions(endpoint)
        {
            // Sent by the interceptor with the signed headers: RestSharp's default-parameter pipeline costs more per call.
            UserAgent = null,
            // Transport failures surface as exceptions (classified by the pipeline); a 4xx/5xx is a response to parse.
            ThrowOnAnyError = true,
            SetErrorExceptionOnUnsuccessfulStatusCode = false,
            FollowRedirects = false,

            // CccClientOptions.Timeout applies per attempt (TimeoutPolicy, through TimeProvider); RestSharp needs no timer of its own.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _rest = new RestClient(httpClient, options, disposeHttpClient: false);
    }

    /// <summary>Sends one attempt and reads the whole body.</summary>
    /// <param name="signed">The request as signed.</param>
    /// <param name="isReadOnly">Whether the action changes nothing (a state-changing POST always carries a body, see below).</param>
    /// <param name="cancellationToken">The attempt's token.</param>
    /// <exception cref="HttpRequestException">No response arrived (RestSharp rethrows transport failures).</exception>
    public async Task<WireResponse> SendAsync(SignedApiRequest signed, bool isReadOnly, CancellationToken cancellationToken)
    {
        var wire = new ExactWireInterceptor(this, signed, isReadOnly);
        var rest = new RestRequest(resource: string.Empty, signed.Method == "GET" ? Method.Get : Method.Post) { Interceptors = [wire] };
        await using Stream? stream = await _rest.DownloadStreamAsync(rest, cancellationToken).ConfigureAwait(false);
        using HttpResponseMessage message = wire.Response ?? throw new HttpRequestException("No response.");
        byte[] body = stream is null ? [] : await ReadBodyAsync(stream, message.Content.Headers.ContentLength, cancellationToken).ConfigureAwait(false);
        return new WireResponse((int)message.StatusCode, body, message.Content.Headers.ContentType?.ToString(), message.Headers);
    }

    /// <summary>Disposes the RestSharp client (not the <see cref="HttpClient"/>).</summary>
    public void Dispose() => _rest.Dispose();

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

    /// <summary>
    /// Puts the signed method, URI, headers and body on the <see cref="HttpRequestMessage"/> exactly as signed (RestSharp
    /// never re-encodes or re-orders the query), and keeps the <see cref="HttpResponseMessage"/> for its status and headers.
    /// </summary>
    private sealed class ExactWireInterceptor(RestSharpTransport transport, SignedApiRequest signed, bool isReadOnly) : RestSharp.Interceptors.Interceptor
    {
        public HttpResponseMessage? Response { get; private set; }

        public override ValueTask BeforeHttpRequest(HttpRequestMessage requestMessage, CancellationToken cancellationToken)
        {
            requestMessage.RequestUri = new Uri(
                transport._authority + signed.PathAndQuery,
                new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            if (signed.Method == "GET")
            {
                // A GET carries everything in its signed query and no body at all.
                requestMessage.Method = HttpMethod.Get;
                requestMessage.Content = null;
            }
            else if (signed.Body.Length == 0)
            {
                // SocketsHttpHandler silently re-sends a request whose connection closes before any response byte (up to
                // 3 times, even on a new connection) unless request content has started to go out. An empty body
                // (Content-Length: 0, unsigned) switches that off for state-changing actions: MakeCall is never dialled twice.
                requestMessage.Content = isReadOnly ? null : new ByteArrayContent([]);
            }
            else
            {
                var content = new ByteArrayContent(signed.Body);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(signed.ContentType!);
                requestMessage.Content = content;
            }

            var headers = signed.Headers;
            for (int i = 0; i < headers.Count; i++)
            {
                // HttpClient writes Host from the URI: the same authority the request was signed for.
                if (!headers[i].Key.Equals("host", StringComparison.OrdinalIgnoreCase))
                {
                    requestMessage.Headers.TryAddWithoutValidation(headers[i].Key, headers[i].Value);
                }
            }

            requestMessage.Headers.Remove("User-Agent");
            requestMessage.Headers.TryAddWithoutValidation("User-Agent", transport._userAgent);
            requestMessage.Headers.Remove("Accept");
            requestMessage.Headers.TryAddWithoutValidation("Accept", "application/json");
            return default;
        }

        public override ValueTask AfterHttpRequest(HttpResponseMessage responseMessage, CancellationToken cancellationToken)
        {
            Response = responseMessage;
            return default;
        }
    }
}
