using Ccc.Sdk.TestSupport;
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

    [Fact]
    public Task An_agent_goes_ready_takes_a_break_and_comes_back_or_the_guard_refuses_each_step() => RunScenarioAsync(_live, _output);

    /// <summary>
    /// The second switch, proven in every run: a target configured by <c>CCC_LIVE_*</c> variables (never this process's
    /// environment, which may name a real instance) with <c>CCC_LIVE_ALLOW_WRITES=1</c> — an emulator started here out
    /// of process on loopback, the way CI's live target is — gets every write of the scenario through the guard.
    /// </summary>
    [Fact]
    public async Task With_the_second_switch_a_configured_target_gets_the_scenarios_writes()
    {
        int port = FreePort.Next();
        string key = "LTAI5tSwitch" + Guid.NewGuid().ToString("N")[..12];
        string secret = Guid.NewGuid().ToString("N");
        await using var emulator = ChildProcess.StartDotnet(
            Repository.BuiltDll("Ccc.Sdk.Emulator"),
            ["--urls", $"http://127.0.0.1:{port}"],
            [new("Emulator__Credentials__0__AccessKeyId", key), new("Emulator__Credentials__0__AccessKeySecret", secret), new("Emulator__HttpsUrls", "https://127.0.0.1:0")]);
        await emulator.WaitUntilAsync(_ => Task.FromResult(emulator.OutputText.Contains($"listening on http://127.0.0.1:{port}", StringComparison.Ordinal)), TimeSpan.FromSeconds(60));

        var variables = new Dictionary<string, string>
        {
            [LiveTarget.EndpointVariable] = $"http://127.0.0.1:{port}",
            [LiveTarget.InstanceIdVariable] = "ccc-local",
            [LiveTarget.AccessKeyIdVariable] = key,
            [LiveTarget.AccessKeySecretVariable] = secret,
            [LiveTarget.AllowWritesVariable] = "1",
            [LiveTarget.AgentIdVariable] = "agent2@ccc-local",
            [LiveTarget.AgentDeviceIdVariable] = "ACC-switch-test",
        };
        var live = new LiveFixture(name => variables.GetValueOrDefault(name));
        await live.InitializeAsync();
        try
        {
            Assert.Equal((LiveTargetKind.Live, true), (live.Target.Kind, live.Target.AllowWrites));
            await RunScenarioAsync(live, _output);
            Assert.Equal(0, live.Guard.RefusedCount);
        }
        finally
        {
            await live.DisposeAsync();
        }
    }

    private static async Task RunScenarioAsync(LiveFixture live, ITestOutputHelper output)
    {
        var target = live.Target;
        var client = live.Client;
        if (!target.AllowWrites)
        {
            int refusedBefore = live.Guard.RefusedCount;
            var agent = (await LiveHelpers.Collect(client.ListUsersAsync(), max: 1)).Single().UserId;
            string[] refused =
            [
                (await LiveHelpers.RefusedAsync(() => client.SignInGroupAsync(new SignInGroupRequest { UserId = agent, DeviceId = "ACC-never-sent", SignedSkillGroupIdList = ["none"] }))).Action!,
                (await LiveHelpers.RefusedAsync(() => client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agent }))).Action!,
                (await LiveHelpers.RefusedAsync(() => client.TakeBreakAsync(new TakeBreakRequest { UserId = agent, Code = target.BreakCode }))).Action!,
                (await LiveHelpers.RefusedAsync(() => client.SignOutGroupAsync(new SignOutGroupRequest { UserId = agent }))).Action!,
            ];
            Assert.Equal(["SignInGroup", "ReadyForService", "TakeBreak", "SignOutGroup"], refused);
            Assert.Equal(refusedBefore + 4, live.Guard.RefusedCount);
            output.WriteLine($"Read-only live mode: the guard refused {string.Join(", ", refused)} before sending.");

            // The guard refuses writes, not the connection: a read still goes through afterwards.
            Assert.NotEmpty(await LiveHelpers.Collect(client.ListUsersAsync(), max: 1));
            return;
        }

        string agentId = target.AgentId!;
        var user = (await client.GetUserAsync(new GetUserRequest { UserId = agentId })).Value;
        Assert.Equal(agentId, user.UserId);
        if (target.AgentDeviceId is { } device)
        {
            var levels = await client.SendAsync(new ApiRequest("ListSkillLevelsOfUser")
                .With("UserId", agentId).With("PageNumber", "1").With("PageSize", "1"));
            var groups = levels.Value.GetProperty("List").EnumerateArray().Select(l => l.GetProperty("SkillGroupId").GetString()!).ToList();
            Assert.NotEmpty(groups); // an agent to move needs a skill group to sign in to
            var signedIn = await client.SignInGroupAsync(new SignInGroupRequest { UserId = agentId, DeviceId = device, SignedSkillGroupIdList = groups });
            Assert.Equal(groups, signedIn.Value.SignedSkillGroupIdList);
        }

        try
        {
            var ready = await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agentId });
            Assert.Equal("READY", ready.Value.UserState);
            Assert.Equal("READY", await RealtimeStateOf(client, agentId));

            var onBreak = await client.TakeBreakAsync(new TakeBreakRequest { UserId = agentId, Code = target.BreakCode });
            Assert.Equal("BREAK", onBreak.Value.UserState);
            Assert.Equal(target.BreakCode, onBreak.Value.BreakCode);
            Assert.Equal("BREAK", await RealtimeStateOf(client, agentId));

            var back = await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agentId });
            Assert.Equal("READY", back.Value.UserState);
            Assert.Equal("READY", await RealtimeStateOf(client, agentId));
            Assert.Equal(0, live.Guard.RefusedCount);
        }
        finally
        {
            if (target.AgentDeviceId is not null)
            {
                // Leave the agent as found: signed out (the scenario signed it in).
                await client.SignOutGroupAsync(new SignOutGroupRequest { UserId = agentId });
            }
        }
    }

    private static async Task<string?> RealtimeStateOf(CccClient client, string agentId)
    {
        var states = await LiveHelpers.Collect(client.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest { AgentIdList = [agentId] }));
        return Assert.Single(states).State?.ToUpperInvariant();
    }
}
