using Ccc.Sdk.TestSupport.Live;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Live;

/// <summary>
/// State-changing scenarios. They run against the embedded emulator, and against a live target only with the second
/// switch (<c>CCC_LIVE_ALLOW_WRITES=1</c>, moving the agent <c>CCC_LIVE_AGENT_ID</c>); in read-only live mode they are
/// not skipped: they assert that the guard refused every write before it was sent.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class WriteScenarioTests
{
    private readonly LiveFixture _live;
    private readonly ITestOutputHelper _output;

    public WriteScenarioTests(LiveFixture live, ITestOutputHelper output)
    {
        _live = live;
        _output = output;
        live.Announce(output);
    }

    private CccClient Client => _live.Client;

    [Fact]
    public async Task An_agent_goes_ready_takes_a_break_and_comes_back_or_the_guard_refuses_each_step()
    {
        var target = _live.Target;
        if (!target.AllowWrites)
        {
            int refusedBefore = _live.Guard.RefusedCount;
            var agent = (await LiveHelpers.Collect(Client.ListUsersAsync(), max: 1)).Single().UserId;
            string[] refused =
            [
                (await LiveHelpers.RefusedAsync(() => Client.SignInGroupAsync(new SignInGroupRequest { UserId = agent, DeviceId = "ACC-never-sent", SignedSkillGroupIdList = ["none"] }))).Action!,
                (await LiveHelpers.RefusedAsync(() => Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agent }))).Action!,
                (await LiveHelpers.RefusedAsync(() => Client.TakeBreakAsync(new TakeBreakRequest { UserId = agent, Code = target.BreakCode }))).Action!,
                (await LiveHelpers.RefusedAsync(() => Client.SignOutGroupAsync(new SignOutGroupRequest { UserId = agent }))).Action!,
            ];
            Assert.Equal(["SignInGroup", "ReadyForService", "TakeBreak", "SignOutGroup"], refused);
            Assert.Equal(refusedBefore + 4, _live.Guard.RefusedCount);
            _output.WriteLine($"Read-only live mode: the guard refused {string.Join(", ", refused)} before sending.");

            // The guard refuses writes, not the connection: a read still goes through afterwards.
            Assert.NotEmpty(await LiveHelpers.Collect(Client.ListUsersAsync(), max: 1));
            return;
        }

        string agentId = target.AgentId!;
        var user = (await Client.GetUserAsync(new GetUserRequest { UserId = agentId })).Value;
        Assert.Equal(agentId, user.UserId);
        if (target.AgentDeviceId is { } device)
        {
            var levels = await Client.SendAsync(new ApiRequest("ListSkillLevelsOfUser")
                .With("UserId", agentId).With("PageNumber", "1").With("PageSize", "1"));
            var groups = levels.Value.GetProperty("List").EnumerateArray().Select(l => l.GetProperty("SkillGroupId").GetString()!).ToList();
            Assert.NotEmpty(groups); // an agent to move needs a skill group to sign in to
            var signedIn = await Client.SignInGroupAsync(new SignInGroupRequest { UserId = agentId, DeviceId = device, SignedSkillGroupIdList = groups });
            Assert.Equal(groups, signedIn.Value.SignedSkillGroupIdList);
        }

        try
        {
            var ready = await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agentId });
            Assert.Equal("READY", ready.Value.UserState);
            Assert.Equal("READY", await RealtimeStateOf(agentId));

            var onBreak = await Client.TakeBreakAsync(new TakeBreakRequest { UserId = agentId, Code = target.BreakCode });
            Assert.Equal("BREAK", onBreak.Value.UserState);
            Assert.Equal(target.BreakCode, onBreak.Value.BreakCode);
            Assert.Equal("BREAK", await RealtimeStateOf(agentId));

            var back = await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agentId });
            Assert.Equal("READY", back.Value.UserState);
            Assert.Equal("READY", await RealtimeStateOf(agentId));
            Assert.Equal(0, _live.Guard.RefusedCount);
        }
        finally
        {
            if (target.AgentDeviceId is not null)
            {
                // Leave the agent as found: signed out (the scenario signed it in).
                await Client.SignOutGroupAsync(new SignOutGroupRequest { UserId = agentId });
            }
        }
    }

    private async Task<string?> RealtimeStateOf(string agentId)
    {
        var states = await LiveHelpers.Collect(Client.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest { AgentIdList = [agentId] }));
        return Assert.Single(states).State?.ToUpperInvariant();
    }
}
