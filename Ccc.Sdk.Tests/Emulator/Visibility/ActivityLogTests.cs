using System.Net;
using System.Text.RegularExpressions;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Tests.Emulator.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Ccc.Sdk.Tests.Emulator.Visibility;

/// <summary>
/// The emulator's activity log (docs/emulator.md, "Seeing into the emulator"): one line per OpenAPI action in
/// <c>Ccc.Sdk.Emulator.Api</c> and one per webhook push attempt in <c>Ccc.Sdk.Emulator.Push</c>, captured through
/// <see cref="CccEmulatorOptions.ConfigureLogging"/>; no line carries a secret, a signature or a token.
/// </summary>
public sealed class ActivityLogTests : EventTestBase, IDisposable
{
    private static readonly string WebhookSecret = "whsec_" + Convert.ToBase64String("VisibilityTestSecretNeverLogged!"u8.ToArray());
    private readonly FakeLoggerProvider _logs = new();

    private protected override void Configure(CccEmulatorOptions options)
    {
        options.WebhookSecret = WebhookSecret;
        options.ConfigureLogging = logging => logging.AddProvider(_logs);
    }

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task Each_action_is_one_line_with_action_key_code_status_and_milliseconds()
    {
        await Ok("ListAgentStates", ("PageNumber", "1"), ("PageSize", "10"));
        var refused = await Call("ReadyForService", ("UserId", "nobody@ccc-local"));
        Assert.NotEqual("OK", refused.Code);

        var lines = ApiLines();
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^ListAgentStates key={CccEmulator.DevAccessKeyId} OK 200 \d+ ms$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^ReadyForService key={CccEmulator.DevAccessKeyId} {Regex.Escape(refused.Code)} {(int)refused.Status} \d+ ms$"));
        Assert.Equal(2, lines.Count);
        var record = _logs.Collector.GetSnapshot().First(r => r.Category == "Ccc.Sdk.Emulator.Api");
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal("ListAgentStates", record.GetStructuredStateValue("Action"));
        Assert.Equal(CccEmulator.DevAccessKeyId, record.GetStructuredStateValue("AccessKeyId"));
        Assert.Equal("200", record.GetStructuredStateValue("HttpStatus"));
    }

    [Fact]
    public async Task A_request_refused_before_its_signature_is_checked_still_gets_a_line_without_the_token()
    {
        const string bearer = "BearerTokenValueThatMustNeverBeLogged";
        using (var response = await H.Http.GetAsync($"/?Action=GetLoginDetails&Version=2020-07-01&InstanceId=ccc-local&SignatureType=BEARERTOKEN&BearerToken={bearer}"))
        {
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }

        using (var forged = await H.Http.GetAsync("/?Action=ListUsers%0AInjected&Version=2020-07-01&AccessKeyId=LTAI5tSomeoneElse&Signature=ForgedSignature&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2026-11-26T08:00:00Z"))
        {
            Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        }

        var lines = ApiLines();
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^GetLoginDetails key=- \S+ [45]\d\d \d+ ms$", lines[0]);
        Assert.Matches(@"^ListUsers\?Injected key=LTAI5tSomeoneElse \S+ [45]\d\d \d+ ms$", lines[1]); // a newline cannot forge a line
        AssertNoSecretIn([bearer, "ForgedSignature"]);
    }

    [Fact]
    public async Task Each_push_attempt_is_one_line_with_event_target_attempt_answer_and_milliseconds()
    {
        Receiver.AnswerNext(500);
        await Subscribe("AgentReady");
        await Ready(Agent1);
        await WaitForState(s => Count(s, "waitingForRetry") == 1, "the first attempt to fail");
        Advance(5_000); // the first retry
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the retry to be accepted");
        await WaitForState(s => Count(s, "delivered") == 1, "the delivery to be counted");

        var target = new Uri(Receiver.Url);
        var records = _logs.Collector.GetSnapshot().Where(r => r.Category == "Ccc.Sdk.Emulator.Push").ToList();
        Assert.Equal(2, records.Count);
        var path = Regex.Escape(target.Authority + target.AbsolutePath);
        Assert.Matches($@"^AgentReady -> {path} attempt 1 500 \d+ ms$", records[0].Message);
        Assert.Equal(LogLevel.Warning, records[0].Level);
        Assert.Matches($@"^AgentReady -> {path} attempt 2 200 \d+ ms$", records[1].Message);
        Assert.Equal(LogLevel.Information, records[1].Level);
        AssertNoSecretIn([WebhookSecret, .. await Secrets()]);
    }

    [Fact]
    public async Task A_receiver_that_is_down_is_an_error_line_and_the_access_points_query_is_not_logged()
    {
        var closed = FreePort.Next(); // nothing listens there
        await SubscribeTo($"http://127.0.0.1:{closed}/events?token=QueryTokenMustNotBeLogged", "AgentReady");
        await Ready(Agent1);
        await WaitForState(s => Count(s, "waitingForRetry") == 1, "the attempt to fail");

        var line = Assert.Single(_logs.Collector.GetSnapshot(), r => r.Category == "Ccc.Sdk.Emulator.Push");
        Assert.Matches($@"^AgentReady -> 127\.0\.0\.1:{closed}/events attempt 1 error \w+ \d+ ms$", line.Message);
        AssertNoSecretIn(["QueryTokenMustNotBeLogged", WebhookSecret]);
    }

    private List<string> ApiLines() =>
        _logs.Collector.GetSnapshot().Where(r => r.Category == "Ccc.Sdk.Emulator.Api").Select(r => r.Message).ToList();

    /// <summary>No line, of any category, carries one of <paramref name="secrets"/> or the dev AccessKeySecret.</summary>
    private void AssertNoSecretIn(IEnumerable<string> secrets)
    {
        var all = _logs.Collector.GetSnapshot();
        Assert.NotEmpty(all);
        foreach (var record in all)
        {
            var text = record.Message + " " + record.Exception;
            foreach (var secret in secrets.Append(CccEmulator.DevAccessKeySecret))
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
