using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Tests.Calls;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>Skill-group membership changes take effect on routing at once (issue 13).</summary>
public sealed class SkillGroupRoutingTests : EmulatorCallTestBase
{
    private const string Agent2 = "agent2@ccc-local";

    [Fact]
    public async Task An_agent_removed_from_a_group_is_no_longer_offered_that_groups_inbound_calls()
    {
        await Ready(Agent1);
        Advance(1_000);
        await Ready(Agent2); // agent1 has been READY longer: without the removal it would get the call

        await Client.RemoveUsersFromSkillGroupAsync(new RemoveUsersFromSkillGroupRequest { SkillGroupId = Sales, UserIdList = $"[\"{Agent1}\"]" });
        await Inbound("13900000002", BeijingLine); // Beijing line routes to sales only

        Assert.Equal("READY", UserStateOf(Agent1));
        Assert.Equal("RINGING", UserStateOf(Agent2));
        var members = new List<string>();
        await foreach (var item in Client.ListUserLevelsOfSkillGroupAsync(new ListUserLevelsOfSkillGroupRequest { SkillGroupId = Sales, IsMember = true }))
        {
            members.Add(item.UserId!);
        }

        Assert.DoesNotContain(Agent1, members);
    }
}
