using Ccc.Sdk.Emulator.Description;
using Ccc.Sdk.TestSupport.Live;

namespace Ccc.Sdk.Tests.Live;

/// <summary>
/// The guard's read-only list is explicit and reviewed against the cloud's description (api/ccc-api-2020-07-01.json):
/// a newer description with a new read-looking action fails here until someone decides on which side it goes.
/// </summary>
public sealed class ReadOnlyActionListTests
{
    private static readonly IReadOnlyDictionary<string, ApiAction> Described = ApiDescription.Default.Actions;

    [Fact]
    public void Every_allowed_and_every_excluded_action_is_an_action_of_the_description()
    {
        Assert.DoesNotContain(LiveReadOnlyActions.Allowed, a => !Described.ContainsKey(a));
        Assert.DoesNotContain(LiveReadOnlyActions.ReviewedExclusions.Keys, a => !Described.ContainsKey(a));
        Assert.Empty(LiveReadOnlyActions.Allowed.Intersect(LiveReadOnlyActions.ReviewedExclusions.Keys));
    }

    [Fact]
    public void Every_read_looking_action_of_the_description_was_reviewed()
    {
        var unreviewed = Described.Keys
            .Where(a => LiveReadOnlyActions.ReadLookingPrefixes.Any(p => a.StartsWith(p, StringComparison.Ordinal)))
            .Where(a => !LiveReadOnlyActions.Allowed.Contains(a) && !LiveReadOnlyActions.ReviewedExclusions.ContainsKey(a))
            .ToList();

        Assert.True(unreviewed.Count == 0, "Not yet reviewed for the live read-only list: " + string.Join(", ", unreviewed));
        Assert.All(LiveReadOnlyActions.ReviewedExclusions, e => Assert.False(string.IsNullOrWhiteSpace(e.Value), $"{e.Key} has no reason"));
    }

    [Fact]
    public void Only_Get_and_List_actions_are_allowed_and_none_of_the_state_changing_ones_the_SDK_calls()
    {
        Assert.All(LiveReadOnlyActions.Allowed, a => Assert.True(
            a.StartsWith("Get", StringComparison.Ordinal) || a.StartsWith("List", StringComparison.Ordinal), $"{a} does not read by its name"));

        string[] writes =
        [
            "MakeCall", "StartBack2BackCall", "AnswerCall", "ReleaseCall", "HoldCall", "RetrieveCall", "BlindTransfer",
            "InitiateAttendedTransfer", "CompleteAttendedTransfer", "CancelAttendedTransfer", "SendDtmfSignaling", "MuteCall",
            "UnmuteCall", "SignInGroup", "SignOutGroup", "ReadyForService", "TakeBreak", "ChangeWorkMode", "ResetAgentState",
            "CreateUser", "UpdateSubscription", "PollUserStatus", "GetLoginDetails",
        ];
        Assert.All(writes, w => Assert.False(LiveReadOnlyActions.IsReadOnly(w), $"{w} must need the write switch"));
        Assert.All(writes, w => Assert.True(Described.ContainsKey(w), $"{w} is not in the description"));
    }

    [Fact]
    public void The_read_actions_the_live_scenarios_send_are_on_the_list()
    {
        string[] scenarioReads =
        [
            "ListUsers", "GetUser", "ListSkillGroups", "ListSkillLevelsOfUser", "ListPhoneNumbers", "GetNumberLocation",
            "ListRealtimeAgentStates", "ListCallDetailRecords", "ListCallDetailRecordsV2", "GetCallDetailRecord", "ListOutboundNumbersOfUser",
        ];
        Assert.All(scenarioReads, r => Assert.True(LiveReadOnlyActions.IsReadOnly(r), r));
        Assert.False(LiveReadOnlyActions.IsReadOnly(null));
    }
}
