using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>
/// The suite can fail: a tiny Kestrel app that answers every request with the OpenAPI envelope, except a 500 for a query
/// holding the raw bytes of a lone surrogate (<c>%ED%A0%80</c>) and a dropped connection for an overlong NUL
/// (<c>%C0%80</c>), both inputs the generator makes. The runner pointed at it must report both, with the seed.
/// </summary>
public sealed class FuzzSelfTests : IAsyncLifetime
{
    private WebApplication? _app;

    private Uri Address => new(_app!.Urls.First());

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            string query = context.Request.QueryString.Value ?? "";
            if (query.Contains("%ED%A0%80", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("injected failure");
                return;
            }

            if (query.Contains("%C0%80", StringComparison.OrdinalIgnoreCase))
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"RequestId":"{{Guid.NewGuid().ToString("D").ToUpperInvariant()}}","Code":"InvalidParameter.Format","HttpStatusCode":400,"Message":"refused"}""");
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_injected_500_and_a_dropped_connection_make_the_fuzz_run_fail_with_the_input_and_the_seed()
    {
        int seed = FuzzSeed.Value;
        var inputs = new HostileInputs(FuzzSeed.For(seed, "self-test"));
        var requests = new List<FuzzRequest>();
        while (requests.Count < 20 || !requests.Any(r => r.Target.Contains("%ED%A0%80", StringComparison.Ordinal)) || !requests.Any(r => r.Target.Contains("%C0%80", StringComparison.Ordinal)))
        {
            var (label, value) = inputs.EncodedValue();
            requests.Add(new FuzzRequest { Description = "GET x = " + label, Method = "GET", Target = "/?x=" + value });
        }

        var result = await FuzzRunner.RunAsync("self-test app", seed, new RawHttp(Address), requests, Envelopes.OpenApi,
            new FuzzRequest { Description = "GET /?ok", Method = "GET", Target = "/?ok" }, r => r.Status == 400);

        Assert.Equal(requests.Count, result.Sent);
        Assert.Contains(result.Violations, v => v.Status == 500 && v.Input.Contains("lone high surrogate", StringComparison.Ordinal) && v.Problem.Contains("injected failure", StringComparison.Ordinal));
        Assert.Contains(result.Violations, v => v.Status is null && v.Input.Contains("overlong NUL", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Violations, v => v.Status == 400);
        var failure = Assert.Throws<Xunit.Sdk.XunitException>(() => result.AssertClean(requests.Count));
        Assert.Contains($"{FuzzSeed.EnvironmentVariable}={seed}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("500 self-test app | GET x = lone high surrogate", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_envelope_check_refuses_a_refusal_that_is_not_the_clouds_envelope()
    {
        var request = new FuzzRequest { Description = "x", Target = "/" };
        var json = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" };
        var ok = JsonSerializer.SerializeToUtf8Bytes(new { RequestId = "A", Code = "X", HttpStatusCode = 400, Message = "m" });

        Assert.Null(Envelopes.OpenApi(request, new FuzzResponse(400, json, ok)));
        Assert.NotNull(Envelopes.OpenApi(request, new FuzzResponse(404, json, ok)));                           // HttpStatusCode differs
        Assert.NotNull(Envelopes.OpenApi(request, new FuzzResponse(400, json, "{\"code\":\"X\",\"message\":\"m\"}"u8.ToArray())));
        Assert.NotNull(Envelopes.OpenApi(request, new FuzzResponse(400, new Dictionary<string, string>(), [])));  // bare, not HTTP-level
        Assert.Null(Envelopes.OpenApi(request with { HttpLevel = true }, new FuzzResponse(400, new Dictionary<string, string>(), [])));
        Assert.Null(Envelopes.CodeAndMessage(request, new FuzzResponse(400, json, "{\"code\":\"X\",\"message\":\"m\"}"u8.ToArray())));
        Assert.NotNull(Envelopes.CodeAndMessage(request, new FuzzResponse(400, new Dictionary<string, string> { ["Content-Type"] = "text/html" }, "<p>"u8.ToArray())));
    }
}
