using System.Net;
using System.Text;
using Ccc.Sdk.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Client;

/// <summary>A request the fake service saw.</summary>
internal sealed record SeenRequest(string Method, string PathAndQuery, string Host, Dictionary<string, string> Headers, string Body, string? ContentType);

/// <summary>An HttpMessageHandler standing in for the service: records each request and answers from a script.</summary>
internal sealed class FakeCcc : HttpMessageHandler
{
    public const string AccessKeyId = "LTAI5tFakeKeyId0001";
    public const string AccessKeySecret = "FakeSecret-Do-Not-Log-9f8e7d";

    private readonly Queue<Func<SeenRequest, HttpResponseMessage>> _script = new();
    private readonly object _gate = new();

    public List<SeenRequest> Requests { get; } = [];

    /// <summary>Used when the script is empty.</summary>
    public Func<SeenRequest, HttpResponseMessage> Fallback { get; set; } = _ => Ok("{}");

    public FakeCcc Then(Func<SeenRequest, HttpResponseMessage> respond)
    {
        lock (_gate)
        {
            _script.Enqueue(respond);
        }

        return this;
    }

    public FakeCcc ThenJson(string json, HttpStatusCode status = HttpStatusCode.OK) => Then(_ => Json(json, status));

    public FakeCcc ThenThrow(Exception ex) => Then(_ => throw ex);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return Requests.Count;
            }
        }
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Ok(string dataJson, string requestId = "req-1") =>
        Json($$"""{"RequestId":"{{requestId}}","Code":"OK","HttpStatusCode":200,"Message":"","Data":{{dataJson}}}""");

    public static HttpResponseMessage Error(HttpStatusCode status, string code, string message = "error", string requestId = "req-err") =>
        Json($$"""{"RequestId":"{{requestId}}","Code":"{{code}}","HttpStatusCode":{{(int)status}},"Message":"{{message}}","Params":["p1"]}""", status);

    public static string Page(int pageNumber, int pageSize, int totalCount, params string[] items) =>
        $$"""{"List":[{{string.Join(",", items)}}],"PageNumber":{{pageNumber}},"PageSize":{{pageSize}},"TotalCount":{{totalCount}}}""";

    public CccClient CreateClient(
        Action<CccClientOptions>? configure = null,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        CccCredential? credential = null)
    {
        var options = new CccClientOptions { Endpoint = new Uri("https://ccc.test.local"), InstanceId = "ccc-test" };
        configure?.Invoke(options);
        var client = new CccClient(
            credential ?? new AccessKeyCredential(AccessKeyId, AccessKeySecret),
            options,
            new HttpClient(this),
            time ?? new FakeTimeProvider(DateTimeOffset.Parse("2025-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture)),
            loggerFactory);
        client.UseJitter(() => 1.0);
        return client;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        var seen = new SeenRequest(
            request.Method.Method,
            request.RequestUri!.PathAndQuery,
            request.RequestUri.Authority,
            headers,
            body,
            request.Content?.Headers.ContentType?.ToString());
        Func<SeenRequest, HttpResponseMessage> respond;
        lock (_gate)
        {
            Requests.Add(seen);
            respond = _script.Count > 0 ? _script.Dequeue() : Fallback;
        }

        return respond(seen);
    }
}
