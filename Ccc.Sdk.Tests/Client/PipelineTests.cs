using System.Net;
using Ccc.Sdk.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ccc.Sdk.Tests.Client;

/// <summary>
/// The request path's steps on their own (a scripted last step instead of HTTP) and the retry policy's read-only
/// rule through the client.
/// </summary>
public sealed class PipelineTests
{
    private static readonly CccClassification Ok = CccResponseClassifier.Classify(
        "ListUsers", true, 200, """{"RequestId":"r","Code":"OK","Data":{}}"""u8.ToArray(), "application/json", null, null);

    private static CccClassification Throttled() => CccResponseClassifier.Classify(
        "MakeCall", false, 400, """{"RequestId":"r","Code":"Throttling.User","HttpStatusCode":400}"""u8.ToArray(), "application/json", null, null);

    /// <summary>Plays one classification per attempt and records the order the steps ran in.</summary>
    private sealed class ScriptedAttempts(List<string> trace, params CccClassification[] outcomes) : CccPipelinePolicy
    {
        private int _next;

        public override ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
        {
            message.StartAttempt();
            trace.Add("attempt " + message.Attempt);
            message.Classification = outcomes[_next++];
            return default;
        }
    }

    private sealed class Recording(List<string> trace, string name) : CccPipelinePolicy
    {
        public override async ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
        {
            trace.Add(name + " in");
            await ProcessNextAsync(message, next);
            trace.Add(name + " out");
        }
    }

    private static RetryPolicy Retry(int maxRetries) => new(
        new CccRetryPolicy(new CccRetryOptions { MaxRetries = maxRetries, BaseDelay = TimeSpan.Zero }, TimeProvider.System),
        NullLogger.Instance,
        "ccc.test.local",
        TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Steps_run_outermost_first_and_the_retry_step_runs_the_rest_again_until_a_success()
    {
        var trace = new List<string>();
        var pipeline = new CccPipeline(new Recording(trace, "outer"), Retry(3), new Recording(trace, "inner"), new ScriptedAttempts(trace, Throttled(), Ok));
        var message = new CccMessage(new ApiRequest("MakeCall"), isReadOnly: false, CancellationToken.None);

        await pipeline.SendAsync(message);

        Assert.Equal(["outer in", "inner in", "attempt 1", "inner out", "inner in", "attempt 2", "inner out", "outer out"], trace);
        Assert.True(message.Classification.IsSuccess);
        Assert.Null(message.FinalError);
    }

    [Fact]
    public async Task The_retry_step_gives_up_after_MaxRetries_with_the_last_error_as_the_final_error()
    {
        var trace = new List<string>();
        var pipeline = new CccPipeline(Retry(1), new ScriptedAttempts(trace, Throttled(), Throttled(), Ok));
        var message = new CccMessage(new ApiRequest("MakeCall"), isReadOnly: false, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<CccThrottlingException>(() => pipeline.SendAsync(message).AsTask());

        Assert.Equal(2, message.Attempt);
        Assert.Same(ex, message.FinalError);
    }

    [Fact]
    public async Task The_retry_step_never_resends_an_attempt_whose_outcome_is_unknown()
    {
        var trace = new List<string>();
        var lost = CccResponseClassifier.ClassifyNoResponse(false, new HttpRequestException(HttpRequestError.ResponseEnded, "dropped"), timedOut: false);
        var pipeline = new CccPipeline(Retry(3), new ScriptedAttempts(trace, lost, Ok));
        var message = new CccMessage(new ApiRequest("MakeCall"), isReadOnly: false, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() => pipeline.SendAsync(message).AsTask());

        Assert.Equal(["attempt 1"], trace);
        Assert.Equal("MakeCall", ex.Action);
    }

    [Theory]
    [InlineData("PollUserStatus", true)]
    [InlineData("ListUsers", true)]
    [InlineData("GetUser", true)]
    [InlineData("MakeCall", false)]
    [InlineData("PickOutboundNumbers", false)]
    [InlineData("AnalyzeConversation", false)]
    [InlineData("ExportDoNotCallNumbers", false)]
    [InlineData("Poll", false)]
    public void Read_only_actions_are_List_Get_and_the_explicit_set(string action, bool readOnly) =>
        Assert.Equal(readOnly, CccRetryPolicy.IsReadAction(action));

    [Fact]
    public async Task PollUserStatus_is_retried_after_its_response_was_lost_a_state_changing_action_is_not()
    {
        var fake = new FakeCcc()
            .ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "dropped"))
            .Then(_ => FakeCcc.Ok("""{"UserId":"agent@ccc-test","UserState":"READY"}"""))
            .ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "dropped"));
        using var client = fake.CreateClient(o => o.Retry.BaseDelay = TimeSpan.Zero);

        var polled = await client.SendAsync(new ApiRequest("PollUserStatus").With("UserId", "agent@ccc-test"));
        Assert.Equal(2, fake.Count);
        Assert.Equal("READY", polled.Value.GetProperty("UserState").GetString());

        await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() => client.SendAsync(new ApiRequest("TakeBreak").With("UserId", "agent@ccc-test")));
        Assert.Equal(3, fake.Count);
        Assert.All(fake.Requests, r => Assert.Equal(HttpMethod.Post.Method, r.Method));
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)polled.HttpStatusCode);
    }
}
