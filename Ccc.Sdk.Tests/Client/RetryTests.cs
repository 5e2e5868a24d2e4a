using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Client;

public sealed class RetryTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2025-01-02T03:04:05Z", CultureInfo.InvariantCulture);

    private static HttpResponseMessage Throttled(int? retryAfterSeconds)
    {
        var response = FakeCcc.Error(HttpStatusCode.BadRequest, "Throttling.User", "Request was denied due to user flow control.");
        if (retryAfterSeconds is { } s)
        {
            response.Headers.Add("x-acs-retry-after", s.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    // The back-off timer is created only after the response has been read, parsed and classified: the clock is advanced
    // once that timer is pending (FakeClock.AdvanceOnTimerAsync), not as soon as the request is seen, when the advance
    // could come before the timer and be lost.

    [Fact]
    public async Task Throttling_is_retried_after_the_Retry_After_the_service_asked_for()
    {
        var time = new FakeClock(Start);
        var fake = new FakeCcc().Then(_ => Throttled(2)).Then(_ => FakeCcc.Ok("""{"UserState":"BREAK"}"""));
        using var client = fake.CreateClient(time: time);

        var call = client.TakeBreakAsync(new TakeBreakRequest { Code = "lunch" });
        await time.AdvanceOnTimerAsync(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(1999));
        Assert.Equal(1, fake.Count);
        await Task.Delay(50);
        Assert.Equal(1, fake.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("BREAK", response.Value.UserState);
        Assert.Equal(2, fake.Count);
    }

    [Fact]
    public async Task Throttling_without_Retry_After_backs_off_exponentially_with_full_jitter()
    {
        var time = new FakeClock(Start);
        var fake = new FakeCcc().Then(_ => Throttled(null)).Then(_ => Throttled(null)).Then(_ => FakeCcc.Ok("{}"));
        using var client = fake.CreateClient(time: time);
        client.UseJitter(() => 0.5);

        var call = client.SignOutGroupAsync();
        await time.AdvanceOnTimerAsync(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(249)); // 0.5 × 500 ms
        await Task.Delay(50);
        Assert.Equal(1, fake.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await time.AdvanceOnTimerAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(499)); // 0.5 × 1000 ms
        Assert.Equal(2, fake.Count);
        await Task.Delay(50);
        Assert.Equal(2, fake.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, fake.Count);
    }

    [Fact]
    public async Task Throttling_gives_up_after_MaxRetries_and_throws_the_throttling_exception()
    {
        var time = new FakeTimeProvider(Start);
        var fake = new FakeCcc { Fallback = _ => Throttled(1) };
        using var client = fake.CreateClient(o => o.Retry.MaxRetries = 2, time);

        var ex = await Assert.ThrowsAsync<CccThrottlingException>(() => time.DriveAsync(client.SignOutGroupAsync(), TimeSpan.FromMilliseconds(500)));

        Assert.Equal(3, fake.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);
    }

    [Fact]
    public async Task Reads_are_retried_on_5xx()
    {
        var time = new FakeTimeProvider(Start);
        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Error(HttpStatusCode.InternalServerError, "InternalService.Common"))
            .Then(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") })
            .Then(_ => FakeCcc.Ok("""{"UserId":"u@ccc-test"}"""));
        using var client = fake.CreateClient(time: time);

        var response = await time.DriveAsync(client.GetUserAsync(new GetUserRequest { UserId = "u@ccc-test" }), TimeSpan.FromMilliseconds(100));

        Assert.Equal("u@ccc-test", response.Value.UserId);
        Assert.Equal(3, fake.Count);
    }

    [Fact]
    public async Task Reads_are_retried_on_timeouts()
    {
        var time = new FakeTimeProvider(Start);
        var fake = new FakeCcc().ThenThrow(new TaskCanceledException("timed out")).Then(_ => FakeCcc.Ok("""{"Number":"1"}"""));
        using var client = fake.CreateClient(time: time);

        var response = await time.DriveAsync(client.GetNumberLocationAsync(new GetNumberLocationRequest { Number = "1" }), TimeSpan.FromMilliseconds(100));

        Assert.Equal("1", response.Value.Number);
        Assert.Equal(2, fake.Count);
    }

    [Fact]
    public async Task A_state_changing_action_is_not_retried_on_5xx()
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Error(HttpStatusCode.InternalServerError, "InternalService.Common") };
        using var client = fake.CreateClient();

        await Assert.ThrowsAsync<CccServiceException>(() => client.CreateUserAsync(new CreateUserRequest
        {
            LoginName = "agent", DisplayName = "Agent", Email = "a@example.com", RoleId = "Agent@ccc-test",
        }));

        Assert.Equal(1, fake.Count);
    }

    [Fact]
    public async Task SignInGroup_is_not_retried_after_the_request_was_sent()
    {
        var fake = new FakeCcc { Fallback = _ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.") };
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() =>
            client.SignInGroupAsync(new SignInGroupRequest { DeviceId = "d", SignedSkillGroupIdList = ["s@ccc-test"] }));

        Assert.Equal(1, fake.Count);
        Assert.Equal("SignInGroup", ex.Action);
    }

    [Fact]
    public async Task A_state_changing_action_is_not_retried_after_a_timeout()
    {
        var fake = new FakeCcc { Fallback = _ => throw new TaskCanceledException("timeout") };
        using var client = fake.CreateClient();

        await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() => client.ReadyForServiceAsync());

        Assert.Equal(1, fake.Count);
    }

    [Fact]
    public async Task A_state_changing_action_is_retried_when_the_connection_was_never_made()
    {
        var time = new FakeTimeProvider(Start);
        var fake = new FakeCcc()
            .ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"))
            .Then(_ => FakeCcc.Ok("{}"));
        using var client = fake.CreateClient(time: time);

        await time.DriveAsync(client.ReadyForServiceAsync(), TimeSpan.FromMilliseconds(100));

        Assert.Equal(2, fake.Count);
    }

    [Fact]
    public async Task InvalidTimeStamp_Expired_is_retried_once_with_the_clock_skew_taken_from_the_Date_header()
    {
        var time = new FakeTimeProvider(Start);
        var serverNow = Start.AddMinutes(20);
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Ok("{}") };
        fake.Then(_ =>
        {
            var r = FakeCcc.Error(HttpStatusCode.BadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
            r.Headers.Date = serverNow;
            return r;
        });
        using var client = fake.CreateClient(time: time);

        await client.TakeBreakAsync(new TakeBreakRequest { Code = "lunch" });
        await client.ReadyForServiceAsync();

        Assert.Equal(3, fake.Count);
        Assert.Equal("2025-01-02T03:04:05Z", fake.Requests[0].Headers["x-acs-date"]);
        Assert.Equal("2025-01-02T03:24:05Z", fake.Requests[1].Headers["x-acs-date"]);
        Assert.Equal("2025-01-02T03:24:05Z", fake.Requests[2].Headers["x-acs-date"]); // the offset stays for later calls
        Assert.NotEqual(fake.Requests[0].Headers["x-acs-signature-nonce"], fake.Requests[1].Headers["x-acs-signature-nonce"]);
    }

    [Fact]
    public async Task InvalidTimeStamp_Expired_is_retried_only_once()
    {
        var fake = new FakeCcc
        {
            Fallback = _ =>
            {
                var r = FakeCcc.Error(HttpStatusCode.BadRequest, "InvalidTimeStamp.Expired");
                r.Headers.Date = DateTimeOffset.UtcNow;
                return r;
            },
        };
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CccAuthenticationException>(() => client.SignOutGroupAsync());

        Assert.Equal("InvalidTimeStamp.Expired", ex.Code);
        Assert.Equal(2, fake.Count);
    }

    [Fact]
    public async Task Cancellation_during_a_retry_wait_throws_OperationCanceledException()
    {
        var time = new FakeTimeProvider(Start);
        var fake = new FakeCcc { Fallback = _ => Throttled(60) };
        using var client = fake.CreateClient(time: time);
        using var cts = new CancellationTokenSource();

        var call = client.SignOutGroupAsync(cancellationToken: cts.Token);
        await Poll.UntilAsync(() => fake.Count == 1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, fake.Count);
    }

    [Fact]
    public void Only_List_and_Get_actions_count_as_reads()
    {
        Assert.True(CccRetryPolicy.IsReadAction("ListUsers"));
        Assert.True(CccRetryPolicy.IsReadAction("GetLoginDetails"));
        Assert.False(CccRetryPolicy.IsReadAction("MakeCall"));
        Assert.False(CccRetryPolicy.IsReadAction("SignInGroup"));
        Assert.False(CccRetryPolicy.IsReadAction("CreateUser"));
    }

    [Fact]
    public void Backoff_is_capped_by_MaxDelay()
    {
        var policy = new CccRetryPolicy(new CccRetryOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) }, TimeProvider.System, () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(1), policy.ComputeDelay(1, null));
        Assert.Equal(TimeSpan.FromSeconds(4), policy.ComputeDelay(3, null));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.ComputeDelay(10, null));
        Assert.Equal(TimeSpan.FromSeconds(42), policy.ComputeDelay(1, TimeSpan.FromSeconds(42)));
    }
}
