using System.Text.Json;
using Ccc.Sdk.Softphone;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Tests.Softphone;

/// <summary><see cref="Ccc.Sdk.Softphone.Softphone.BeforeHangUp"/>: a vetoable, awaitable hook on <c>onBeforeCallHangup</c>
/// that lets the hang-up go ahead when unset, failing or too slow.</summary>
public sealed class SoftphoneHangUpTests
{
    private static readonly BeforeHangUpContext Request = new("job-1", "ch-1", "agent@ccc-test");

    private static Ccc.Sdk.Softphone.Softphone NewSoftphone(RecordingLogger? logger = null, Action<SoftphoneOptions>? configure = null) =>
        new(new JsFake().Runtime.Object, JsFake.Options(configure), logger);

    [Fact]
    public async Task Without_a_BeforeHangUp_hook_the_hang_up_goes_ahead()
    {
        var decision = await NewSoftphone().Callbacks.DecideHangUp(Request);

        Assert.True(decision.Allow);
    }

    [Fact]
    public async Task BeforeHangUp_can_refuse_the_hang_up_and_sees_the_call()
    {
        var softphone = NewSoftphone();
        BeforeHangUpContext? seen = null;
        softphone.BeforeHangUp = c => { seen = c; return ValueTask.FromResult(HangUpDecision.Refuse()); };

        var decision = await softphone.Callbacks.DecideHangUp(Request);

        Assert.False(decision.Allow);
        Assert.Equal(Request, seen);
    }

    [Fact]
    public async Task BeforeHangUp_can_allow_the_hang_up_after_awaiting()
    {
        var softphone = NewSoftphone();
        softphone.BeforeHangUp = async _ =>
        {
            await Task.Delay(20);
            return HangUpDecision.HangUp();
        };

        var decision = await softphone.Callbacks.DecideHangUp(Request);

        Assert.True(decision.Allow);
    }

    [Fact]
    public async Task A_BeforeHangUp_hook_that_throws_is_logged_and_the_hang_up_goes_ahead()
    {
        var logger = new RecordingLogger();
        var softphone = NewSoftphone(logger);
        softphone.BeforeHangUp = _ => throw new InvalidOperationException("wrap-up form down");

        var decision = await softphone.Callbacks.DecideHangUp(Request);

        Assert.True(decision.Allow);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    [Fact]
    public async Task A_BeforeHangUp_hook_that_does_not_decide_in_time_is_logged_and_the_hang_up_goes_ahead()
    {
        var logger = new RecordingLogger();
        var softphone = NewSoftphone(logger, o => o.BeforeHangUpTimeout = TimeSpan.FromMilliseconds(100));
        var never = new TaskCompletionSource<HangUpDecision>();
        softphone.BeforeHangUp = _ => new ValueTask<HangUpDecision>(never.Task);

        var decision = await softphone.Callbacks.DecideHangUp(Request);

        Assert.True(decision.Allow);
        Assert.Equal(LogLevel.Warning, Assert.Single(logger.Entries).Level);
    }

    [Fact]
    public async Task The_HangingUp_event_still_reaches_observers()
    {
        var softphone = NewSoftphone();
        BeforeHangUp? seen = null;
        softphone.HangingUp += b => { seen = b; return Task.CompletedTask; };

        await softphone.Callbacks.OnBeforeCallHangup(new BeforeHangUp { JobId = "job-1", ChannelId = "ch-1", UserId = "agent@ccc-test" });

        Assert.Equal("job-1", seen?.JobId);
    }

    [Fact]
    public void The_decision_reaches_the_module_as_allow()
    {
        Assert.Equal("""{"allow":false}""", JsonSerializer.Serialize(HangUpDecision.Refuse(), JsonSerializerOptions.Web));
        Assert.Equal("""{"allow":true}""", JsonSerializer.Serialize(HangUpDecision.HangUp(), JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task The_page_waits_longer_than_the_hook_timeout_before_hanging_up_by_itself()
    {
        var js = new JsFake();
        await js.StartedAsync(o => o.BeforeHangUpTimeout = TimeSpan.FromSeconds(3));

        Assert.Equal(5000, js.CreatedWithOptions!["hangUpWaitMs"]);
    }

    internal sealed class RecordingLogger : ILogger<Ccc.Sdk.Softphone.Softphone>
    {
        public List<(LogLevel Level, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, exception));
            }
        }
    }
}
