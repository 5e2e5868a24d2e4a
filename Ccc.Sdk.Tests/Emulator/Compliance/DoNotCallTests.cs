using Ccc.Sdk.Tests.Calls.Scenarios;

namespace Ccc.Sdk.Tests.Emulator.Compliance;

/// <summary>
/// The do-not-call list and blacklist call tagging (issue 13, rule R6, docs/decisions/0017-do-not-call.md) through the
/// generated <see cref="CccClient"/> methods: the lists are managed by their actions and routing obeys them at once.
/// </summary>
public sealed class DoNotCallTests : ScenarioTestBase
{
    private const string Customer = "13800000001";
    private const string Rep = "13900000011";

    private Task Import(string numberList, string? remark = null) =>
        Client.ImportDoNotCallNumbersAsync(new ImportDoNotCallNumbersRequest { NumberList = numberList, Remark = remark });

    private async Task<List<ListDoNotCallNumbersItem>> DoNotCall(ListDoNotCallNumbersRequest? request = null)
    {
        var all = new List<ListDoNotCallNumbersItem>();
        await foreach (var item in Client.ListDoNotCallNumbersAsync(request))
        {
            all.Add(item);
        }

        return all;
    }

    [Fact]
    public async Task A_number_imported_to_the_do_not_call_list_cannot_be_dialled_by_MakeCall_and_can_again_once_removed()
    {
        await Ready(Agent1);
        await Import($"[\"+86{Customer}\"]", "asked not to be called");

        var refused = await Assert.ThrowsAsync<CccInvalidParameterException>(
            () => Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer }));
        Assert.Equal(("CallRestricted.Blacklist", 400, "MakeCall"), (refused.Code, refused.HttpStatusCode, refused.Action));
        Assert.Equal("Ready", await StateOf(Agent1));

        await Client.RemoveDoNotCallNumbersAsync(new RemoveDoNotCallNumbersRequest { NumberList = $"[\"{Customer}\"]" });
        var made = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer })).Value;

        Assert.Equal(Customer, CustomerChannel(made).Destination);
        Assert.Empty(await DoNotCall());
    }

    [Theory]
    [InlineData(Customer, Rep)] // the callee is on the list
    [InlineData(Rep, Customer)] // the caller leg is dialled too
    public async Task StartBack2BackCall_refuses_a_do_not_call_number_on_either_leg(string listed, string other)
    {
        await Import(listed);

        var ex = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Client.StartBack2BackCallAsync(new StartBack2BackCallRequest
        {
            Caller = listed == Rep ? listed : other,
            Callee = listed == Customer ? listed : other,
            Broker = ShanghaiLine,
        }));

        Assert.Equal(("CallRestricted.Blacklist", "StartBack2BackCall"), (ex.Code, ex.Action));
        Assert.Contains(listed, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blind_transfer_to_a_do_not_call_number_is_refused_and_the_call_stays_with_the_agent()
    {
        await ReadyIn(Agent1, Sales);
        var contactId = await Inbound(Customer);
        await Answer(Agent1, contactId);
        await Import("13900000077");

        var ex = await Assert.ThrowsAsync<CccInvalidParameterException>(
            () => Client.BlindTransferAsync(new BlindTransferRequest { UserId = Agent1, JobId = contactId, Transferee = "+8613900000077" }));

        Assert.Equal(("CallRestricted.Blacklist", "BlindTransfer"), (ex.Code, ex.Action));
        Assert.Equal("Talking", await StateOf(Agent1));
    }

    [Fact]
    public async Task ListDoNotCallNumbers_shows_who_added_each_number_when_and_why_and_filters_by_pattern_and_scope()
    {
        var importedAt = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await Import("13800000099, 008613900000098", "complaint");
        Advance(5_000);
        await Import("[\"13800000099\"]", "second complaint"); // already listed: keeps its time, takes the new remark
        await Settings("""{"outboundBlacklist":["13800000099","13900000098","13700000097"]}"""); // the control API's list is the same list

        var all = await DoNotCall();
        var pattern = await DoNotCall(new ListDoNotCallNumbersRequest { SearchPattern = "13800" });
        var global = await DoNotCall(new ListDoNotCallNumbersRequest { Scope = "GLOBAL" });

        Assert.Equal(["13700000097", "13800000099", "13900000098"], all.Select(n => n.Number));
        Assert.All(all, n => Assert.Equal("INSTANCE", n.Scope));
        var first = all[1];
        Assert.Equal((importedAt, importedAt, "second complaint"), (first.CreateTime, first.CreatedTime, first.Remark));
        Assert.Equal(("complaint", importedAt), (all[2].Remark, all[2].CreateTime));
        Assert.Null(all[0].CreateTime); // put there by the control API: no creation details
        Assert.Equal("13800000099", Assert.Single(pattern).Number);
        Assert.Empty(global);
    }

    [Fact]
    public async Task A_number_the_control_API_took_off_and_put_back_has_no_creation_details_of_its_earlier_import()
    {
        await Import("13800000099", "complaint");
        await Settings("""{"outboundBlacklist":[]}""");
        Assert.Empty(await DoNotCall());

        await Settings("""{"outboundBlacklist":["13800000099"]}""");
        var listed = Assert.Single(await DoNotCall());

        Assert.Equal(("13800000099", (long?)null, (string?)null), (listed.Number, listed.CreateTime, listed.Remark));
    }

    [Fact]
    public async Task The_do_not_call_actions_refuse_bad_input_with_typed_errors()
    {
        var blank = await Assert.ThrowsAnyAsync<CccException>(() => Client.ImportDoNotCallNumbersAsync(new ImportDoNotCallNumbersRequest()));
        var letters = await Assert.ThrowsAnyAsync<CccException>(() => Import("[\"call-me-never\"]"));
        var file = await Assert.ThrowsAnyAsync<CccException>(() => Client.ImportDoNotCallNumbersAsync(new ImportDoNotCallNumbersRequest { FilePath = "oss://bucket/numbers.csv" }));
        var tooMany = await Assert.ThrowsAnyAsync<CccException>(() => Import(string.Join(',', Enumerable.Range(0, 101).Select(i => $"1380000{i:D4}"))));
        var scope = await Assert.ThrowsAnyAsync<CccException>(() => DoNotCall(new ListDoNotCallNumbersRequest { Scope = "PLANET" }));

        Assert.Equal(
            ["Parameter.Blank", "Parameter.Format", "Parameter.Invalid", "Parameter.Maximum", "Parameter.Enumeration"],
            new[] { blank, letters, file, tooMany, scope }.Select(e => e.Code));
        Assert.All(new[] { blank, letters, file, tooMany, scope }, e => Assert.Equal(400, e.HttpStatusCode));
        Assert.Empty(await DoNotCall());
    }

    [Fact]
    public async Task A_caller_tagged_as_blacklisted_ends_in_the_IVR_on_the_next_call_and_is_offered_again_once_untagged()
    {
        await ReadyIn(Agent1, Sales);
        var first = await Inbound(Customer);
        await Answer(Agent1, first);
        Advance(1_000);
        await Release(Agent1, first);
        await Client.AddBlacklistCallTaggingAsync(new AddBlacklistCallTaggingRequest { Number = Customer, JobId = first });
        var tagged = (await Client.ListBlacklistCallTaggingsAsync(new ListBlacklistCallTaggingsRequest { NumberList = $"[\"{Customer}\",\"13800000002\"]" })).Value;

        await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent1 });
        var blocked = await Inbound(Customer);
        var blockedCdr = await Cdr(blocked);
        await Client.RemoveBlacklistCallTaggingAsync(new RemoveBlacklistCallTaggingRequest { Number = Customer });
        var untagged = (await Client.ListBlacklistCallTaggingsAsync(new ListBlacklistCallTaggingsRequest { NumberList = Customer })).Value;
        var again = await Inbound(Customer);

        Assert.Equal([(Customer, true, first), ("13800000002", false, null)], tagged.Select(t => (t.Number, t.Blacklisted ?? false, t.JobId)));
        Assert.Equal(("AbandonedInIVR", "603 - Decline (inbound blacklist)"), (blockedCdr.ContactDisposition, blockedCdr.ReleaseReason));
        Assert.False(Assert.Single(untagged).Blacklisted);
        Assert.Equal("Ringing", await StateOf(Agent1));
        Assert.NotEqual(blocked, again);
    }

    [Fact]
    public async Task Blacklist_tagging_with_an_unknown_call_is_NotExists_JobId_and_changes_nothing()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(
            () => Client.AddBlacklistCallTaggingAsync(new AddBlacklistCallTaggingRequest { Number = Customer, JobId = "job-that-never-was" }));
        var listed = (await Client.ListBlacklistCallTaggingsAsync(new ListBlacklistCallTaggingsRequest { NumberList = Customer })).Value;

        Assert.Equal(("NotExists.JobId", 404), (ex.Code, ex.HttpStatusCode));
        Assert.False(Assert.Single(listed).Blacklisted);
    }
}
