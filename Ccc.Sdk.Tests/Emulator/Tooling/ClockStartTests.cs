using System.Globalization;
using System.Net;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Tests.Emulator.Events;

namespace Ccc.Sdk.Tests.Emulator.Tooling;

/// <summary>
/// <c>Emulator:ClockStart</c> (<c>ccc emulator start --clock</c>): the emulator's world starts at the given time and runs
/// at the clock's speed; transport times (request signatures, <c>webhook-timestamp</c>) keep the real clock.
/// </summary>
public sealed class ClockStartTests : EventTestBase
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    private protected override void Configure(CccEmulatorOptions options) => options.ClockStart = Start;

    [Fact]
    public async Task Calls_events_and_health_run_on_the_given_day_while_signatures_and_pushes_keep_the_real_clock()
    {
        var (status, health) = await Control(HttpMethod.Get, "/_emulator/health");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("2026-12-07T01:00:00", Str(health, "time"), StringComparison.Ordinal);

        await Subscribe("CDRReady", "AgentReady");
        await Ready(Agent1); // signed with the harness's (real) clock: accepted
        await AutoAnswer(Agent1);
        await SetPhone("13800000008", "{\"behavior\":\"answer\",\"hangUpAfterMs\":3000}");
        var contactId = await Inbound("13800000008", ShanghaiLine, ",\"userName\":\"agent1\"");
        Advance(1000);
        Advance(3000);
        await Receiver.WaitUntilAsync(r => r.Accepted.Any(p => p.EventType == "CDRReady"), "CDRReady");

        var cdr = await Cdr(contactId);
        var startTime = DateTimeOffset.FromUnixTimeMilliseconds(cdr.GetProperty("StartTime").GetInt64()).ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(Start.Date, startTime.Date);
        Assert.InRange(startTime - Start, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        var pushed = Receiver.Accepted.First(p => p.EventType == "CDRReady");
        var eventTime = DateTimeOffset.Parse(pushed.Json.GetProperty("eventTime").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(eventTime - Start, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        // The webhook-timestamp is the receiver-checked transport time: the clock underneath, not the emulator's world.
        Assert.InRange(long.Parse(pushed.Timestamp!, CultureInfo.InvariantCulture) - H.Clock.GetUtcNow().ToUnixTimeSeconds(), -5, 5);
    }
}
