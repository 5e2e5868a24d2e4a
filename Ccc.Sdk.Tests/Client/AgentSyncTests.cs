using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Tests.Calls;

namespace Ccc.Sdk.Tests.Client;

/// <summary>
/// The SDK's agent sync (<see cref="CccClient.SyncAgentsAsync"/>, <see cref="CccAgentSync.Plan"/>): the plan as a pure
/// function, then dry run, apply, idempotence and routing by the synced levels against the in-process emulator.
/// </summary>
public sealed class AgentSyncTests : EmulatorCallTestBase
{
    private const string Agent2 = "agent2@ccc-local";
    private const string Support = "support@ccc-local";

    private static readonly CccUser Bob = new()
    {
        UserId = "bob@i", LoginName = "bob", DisplayName = "Bob", RoleId = "Agent@i", WorkMode = "ON_SITE",
        SkillLevelList = [new UserSkillLevel { SkillGroupId = "a@i", SkillLevel = 5 }, new UserSkillLevel { SkillGroupId = "b@i", SkillLevel = 3 }],
    };

    [Fact]
    public void Plan_for_a_matching_user_is_empty()
    {
        var desired = new CccDesiredAgent { LoginName = "bob", DisplayName = "Bob", SkillLevels = new Dictionary<string, int> { ["a@i"] = 5, ["b@i"] = 3 } };

        Assert.Empty(CccAgentSync.Plan([desired], [Bob], "i"));
    }

    [Fact]
    public void Plan_names_each_change_of_profile_and_levels_in_order()
    {
        var desired = new CccDesiredAgent
        {
            LoginName = "bob", DisplayName = "Robert", RoleId = "Admin@i",
            SkillLevels = new Dictionary<string, int> { ["a@i"] = 1, ["c@i"] = 7 },
        };

        var plan = CccAgentSync.Plan([desired], [Bob], "i");

        Assert.Equal(
            [CccAgentSyncAction.ModifyUser, CccAgentSyncAction.AddSkillGroups, CccAgentSyncAction.ModifySkillLevels, CccAgentSyncAction.RemoveSkillGroups],
            plan.Select(s => s.Action));
        Assert.All(plan, s => Assert.Equal(("bob@i", CccAgentSyncOutcome.Planned), (s.UserId, s.Outcome)));
        Assert.Contains("\"Bob\" -> \"Robert\"", plan[0].Description, StringComparison.Ordinal);
        Assert.Contains("c@i (level 7)", plan[1].Description, StringComparison.Ordinal);
        Assert.Contains("a@i 5 -> 1", plan[2].Description, StringComparison.Ordinal);
        Assert.Equal("leave b@i", plan[3].Description);
    }

    [Fact]
    public void Plan_creates_missing_agents_and_removes_unlisted_users_only_when_asked()
    {
        var carol = new CccDesiredAgent { LoginName = "carol", DisplayName = "Carol", Email = "carol@example.com" };
        var options = new CccAgentSyncOptions { DefaultRoleId = "Agent@i" };

        var keep = CccAgentSync.Plan([carol], [Bob], "i", options);
        options.RemoveUnlisted = true;
        var remove = CccAgentSync.Plan([carol], [Bob], "i", options);
        options.IsManaged = u => u.RoleId != "Agent@i";
        var protectedBob = CccAgentSync.Plan([carol], [Bob], "i", options);

        Assert.Equal([(CccAgentSyncAction.CreateUser, "carol@i")], keep.Select(s => (s.Action, s.UserId)));
        Assert.Equal([(CccAgentSyncAction.CreateUser, "carol@i"), (CccAgentSyncAction.RemoveUser, "bob@i")], remove.Select(s => (s.Action, s.UserId)));
        Assert.Equal([CccAgentSyncAction.CreateUser], protectedBob.Select(s => s.Action));
    }

    [Fact]
    public void Plan_refuses_an_invalid_desired_list_before_anything_is_sent()
    {
        var twice = new CccDesiredAgent { LoginName = "bob", DisplayName = "Bob" };
        var badLevel = new CccDesiredAgent { LoginName = "bob", DisplayName = "Bob", SkillLevels = new Dictionary<string, int> { ["a@i"] = 11 } };
        var noEmail = new CccDesiredAgent { LoginName = "dan", DisplayName = "Dan" };

        Assert.Throws<ArgumentException>(() => CccAgentSync.Plan([twice, twice], [Bob], "i"));
        Assert.Throws<ArgumentException>(() => CccAgentSync.Plan([badLevel], [Bob], "i"));
        Assert.Throws<ArgumentException>(() => CccAgentSync.Plan([noEmail], [Bob], "i", new CccAgentSyncOptions { DefaultRoleId = "Agent@i" }));
        var noRole = new CccDesiredAgent { LoginName = "dan", DisplayName = "Dan", Email = "dan@example.com" };
        Assert.Throws<ArgumentException>(() => CccAgentSync.Plan([noRole], [Bob], "i")); // no RoleId, no DefaultRoleId
    }

    [Fact]
    public async Task A_dry_run_returns_the_plan_and_changes_nothing()
    {
        var result = await Client.SyncAgentsAsync(Desired(), new CccAgentSyncOptions { DefaultRoleId = "Agent@ccc-local" });

        Assert.False(result.Applied);
        Assert.False(result.IsInSync);
        Assert.All(result.Steps, s => Assert.Equal(CccAgentSyncOutcome.Planned, s.Outcome));
        Assert.Contains(result.Steps, s => s.Action == CccAgentSyncAction.CreateUser && s.UserId == "agent5@ccc-local");
        Assert.DoesNotContain(await Users(), u => u.LoginName == "agent5");
    }

    [Fact]
    public async Task Apply_makes_the_users_match_and_a_second_apply_plans_nothing()
    {
        var options = new CccAgentSyncOptions { Apply = true, DefaultRoleId = "Agent@ccc-local", RemoveUnlisted = true, IsManaged = u => u.RoleId == "Agent@ccc-local" };

        var first = await Client.SyncAgentsAsync(Desired(), options);
        var second = await Client.SyncAgentsAsync(Desired(), options);

        Assert.True(first.Applied);
        Assert.True(first.Succeeded, string.Join("; ", first.Steps.Select(s => $"{s.Action} {s.UserId}: {s.Outcome} {s.Error?.Code}")));
        Assert.True(second.IsInSync, string.Join("; ", second.Steps.Select(s => $"{s.Action} {s.UserId} {s.Description}")));
        var users = (await Users()).ToDictionary(u => u.LoginName!);
        Assert.Equal(["agent1", "agent2", "agent5", "supervisor"], users.Keys.Order(StringComparer.Ordinal)); // agent3 removed; the Admin kept
        Assert.Equal("Robert Li", users["agent2"].DisplayName);
        Assert.Equal([(Sales, 1), (Support, 4)], users["agent2"].SkillLevelList!.Select(s => (s.SkillGroupId!, s.SkillLevel!.Value)).Order());
        Assert.Equal([(Support, 6)], users["agent5"].SkillLevelList!.Select(s => (s.SkillGroupId!, s.SkillLevel!.Value)));
    }

    [Fact]
    public async Task A_failing_step_is_reported_and_the_same_users_later_steps_are_skipped()
    {
        var desired = new[]
        {
            new CccDesiredAgent { LoginName = "agent2", DisplayName = "Bob Li", RoleId = "Boss@ccc-local", SkillLevels = new Dictionary<string, int> { [Support] = 2 } },
            new CccDesiredAgent { LoginName = "agent3", DisplayName = "Chen Z", SkillLevels = new Dictionary<string, int> { [Support] = 10 } },
        };

        var result = await Client.SyncAgentsAsync(desired, new CccAgentSyncOptions { Apply = true });

        Assert.False(result.Succeeded);
        var agent2 = result.Steps.Where(s => s.UserId == Agent2).ToList();
        Assert.Equal((CccAgentSyncAction.ModifyUser, CccAgentSyncOutcome.Failed, "NotExists.RoleId"), (agent2[0].Action, agent2[0].Outcome, agent2[0].Error!.Code));
        Assert.All(agent2.Skip(1), s => Assert.Equal(CccAgentSyncOutcome.Skipped, s.Outcome));
        Assert.Equal(CccAgentSyncOutcome.Succeeded, result.Steps.Single(s => s.UserId == "agent3@ccc-local").Outcome);
    }

    [Fact]
    public async Task The_sync_reads_every_page_of_users_so_users_beyond_the_first_page_are_matched()
    {
        var desired = new List<CccDesiredAgent>();
        for (var i = 0; i < 110; i++)
        {
            string login = "bulk" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
            await Client.CreateUserAsync(new CreateUserRequest { LoginName = login, DisplayName = login, Email = login + "@example.com", RoleId = "Agent@ccc-local" });
            desired.Add(new CccDesiredAgent { LoginName = login, DisplayName = login });
        }

        var plan = await Client.SyncAgentsAsync(desired, new CccAgentSyncOptions { DefaultRoleId = "Agent@ccc-local" });

        Assert.True(plan.IsInSync, string.Join("; ", plan.Steps.Select(s => $"{s.Action} {s.UserId}")));
        Assert.Equal(114, (await Users()).Count); // more than one page of ListUsers (at most 100 a page)
    }

    /// <summary>Issue 13's first scenario: sync agents and skill levels, then an inbound call routes by the new levels.</summary>
    [Fact]
    public async Task After_a_sync_an_inbound_call_routes_by_the_new_levels()
    {
        await Ready(Agent1);
        Advance(1_000);
        await Ready(Agent2); // at the seed's equal levels agent1, READY longer, would get the call

        var synced = await Client.SyncAgentsAsync(Desired(), new CccAgentSyncOptions { Apply = true, DefaultRoleId = "Agent@ccc-local" });
        await Inbound("13900000002", BeijingLine);

        Assert.True(synced.Succeeded);
        Assert.Equal(("READY", "RINGING"), (await PolledStateOf(Agent1), await PolledStateOf(Agent2)));
    }

    private static CccDesiredAgent[] Desired() =>
    [
        new() { LoginName = "agent1", DisplayName = "Alice Wang", SkillLevels = new Dictionary<string, int> { [Sales] = 5, [Support] = 3 } },
        new() { LoginName = "agent2", DisplayName = "Robert Li", SkillLevels = new Dictionary<string, int> { [Sales] = 1, [Support] = 4 } },
        new() { LoginName = "agent5", DisplayName = "Eve Wu", Email = "agent5@example.com", SkillLevels = new Dictionary<string, int> { [Support] = 6 } },
    ];

    private async Task<List<CccUser>> Users()
    {
        var list = new List<CccUser>();
        await foreach (var user in Client.ListUsersAsync())
        {
            list.Add(user);
        }

        return list;
    }

    private async Task<string> PolledStateOf(string userId)
    {
        var status = await Client.PollUserStatusAsync(new PollUserStatusRequest { UserId = userId });
        return status.Value.UserContext!.UserState!;
    }
}
