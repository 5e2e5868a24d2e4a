using System.Net;
using System.Text;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>The receiver's security edges: short secrets, what reaches the log from unauthenticated requests, app-wide authorization.</summary>
public sealed class WebhookReceiverHardeningTests
{
    private const int PerMinute = 10; // refusals logged per minute and endpoint

    private const string AgentEvent = """{"eventType":"AgentReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"ccc-test","agentId":"agent1@ccc-test"}""";

    [Theory]
    [InlineData("whsec_AA==")] // one byte: guessed on the first try
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 23 bytes
    public async Task A_receiver_with_a_secret_shorter_than_24_bytes_fails_at_start_without_printing_it(string secret)
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => WebhookTestHost.StartAsync(o =>
        {
            o.Secrets.Clear();
            o.Secrets.Add(secret);
        }));

        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
        Assert.Contains("Secrets[0]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_secret_next_to_a_good_one_still_fails_at_start()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => WebhookTestHost.StartAsync(o => o.Secrets.Add("whsec_AA==")));

        Assert.Contains("Secrets[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unauthenticated_webhook_id_reaches_the_log_without_control_characters_and_cut_short()
    {
        await using var host = await WebhookTestHost.StartAsync();
        string forged = "msg_1\u001b[2J\u0007\tWebhook receiver stored AgentReady\u007f" + new string('x', 500);

        using var response = await host.PostUnsignedAsync(Encoding.UTF8.GetBytes(AgentEvent), forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var refusal = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 101);
        Assert.DoesNotContain(refusal.Message, char.IsControl);
        Assert.DoesNotContain(new string('x', 100), refusal.Message, StringComparison.Ordinal);
        string logged = Assert.IsType<string>(refusal.StructuredState!.Single(p => p.Key == "WebhookId").Value);
        Assert.Equal(65, logged.Length); // 64 characters and the ellipsis
        Assert.StartsWith("msg_1[2JWebhook receiver stored AgentReady", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_are_logged_at_most_ten_a_minute_then_summarised()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await WebhookTestHost.StartAsync(time: time);
        byte[] body = Encoding.UTF8.GetBytes(AgentEvent);

        for (int i = 0; i < 25; i++)
        {
            using var refused = await host.PostUnsignedAsync(body, "msg_" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var logs = host.Logs.GetSnapshot();
        Assert.Equal(PerMinute, logs.Count(r => r.Id.Id == 101));
        Assert.Single(logs, r => r.Id.Id == 107); // "further refusals are counted, not logged"
        Assert.DoesNotContain(logs, r => r.Id.Id == 108);

        time.Advance(TimeSpan.FromMinutes(1));
        using (var next = await host.PostUnsignedAsync(body, "msg_next"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        }

        logs = host.Logs.GetSnapshot();
        var summary = Assert.Single(logs, r => r.Id.Id == 108);
        Assert.Equal(15, summary.StructuredState!.Single(p => p.Key == "Count").Value is string c ? int.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : -1);
        Assert.Equal(PerMinute + 1, logs.Count(r => r.Id.Id == 101));
    }

    [Fact]
    public async Task A_signed_delivery_is_accepted_under_an_app_wide_fallback_policy_that_requires_a_signed_in_user()
    {
        await using var host = await WebhookTestHost.StartAsync(
            services: s =>
            {
                s.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
                s.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            },
            configureApp: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
            });

        using var response = await host.PostSignedAsync(Encoding.UTF8.GetBytes(AgentEvent));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(await host.Inbox.ListAsync(new InboxQuery()));
    }

    [Theory]
    [InlineData("zz\r\n{}\r\n0\r\n\r\n")]           // a chunk size that is not hexadecimal
    [InlineData("2\r\n{\"eventType\":1}\r\n0\r\n\r\n")] // a chunk longer than it declares
    public async Task A_chunked_body_that_breaks_its_framing_is_answered_400_MalformedRequest_not_reset(string chunked)
    {
        await using var host = await WebhookTestHost.StartAsync();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.Address.Port);
        var stream = tcp.GetStream();
        byte[] request = Encoding.ASCII.GetBytes(
            $"POST {WebhookTestHost.Path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nwebhook-id: msg_1\r\n" +
            $"Transfer-Encoding: chunked\r\n\r\n{chunked}");
        await stream.WriteAsync(request);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        string answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10)); // the connection closes after it

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"MalformedRequest\"", answer, StringComparison.Ordinal);
    }
}
