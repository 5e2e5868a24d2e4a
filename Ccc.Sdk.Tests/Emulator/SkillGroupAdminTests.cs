using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>
/// Skill-group administration simulated by the emulator (issue 13), through the generated <see cref="CccClient"/>
/// methods over loopback: answers come from the instance's state, errors carry the cloud's codes.
/// </summary>
public sealed class SkillGroupAdminTests : IAsyncLifetime
{
    private CccEmulator _emulator = null!;
    private CccClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync();
        var options = new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId };
        _client = new CccClient(new AccessKeyCredential(_emulator.AccessKeyId, _emulator.AccessKeySecret), options);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GetSkillGroup_returns_the_seeded_group()
    {
        var r = await _client.GetSkillGroupAsync(new GetSkillGroupRequest { SkillGroupId = "support@ccc-local" });

        Assert.Equal("support@ccc-local", r.Value.SkillGroupId);
        Assert.Equal("support", r.Value.Name);
        Assert.Equal("ccc-local", r.Value.InstanceId);
        Assert.Equal("VOICE", r.Value.MediaType);
        Assert.False(string.IsNullOrEmpty(r.RequestId));
    }

    [Fact]
    public async Task GetSkillGroup_of_an_unknown_group_is_NotExists_SkillGroupId()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(
            () => _client.GetSkillGroupAsync(new GetSkillGroupRequest { SkillGroupId = "vip@ccc-local" }));

        Assert.Equal("NotExists.SkillGroupId", ex.Code);
        Assert.Equal(404, ex.HttpStatusCode);
    }

    [Fact]
    public async Task ListBriefSkillGroups_lists_the_groups_with_counts_and_filters_by_pattern()
    {
        var all = await Collect(_client.ListBriefSkillGroupsAsync());
        var sales = Assert.Single(await Collect(_client.ListBriefSkillGroupsAsync(new ListBriefSkillGroupsRequest { SearchPattern = "sal" })));

        Assert.Equal(["sales@ccc-local", "support@ccc-local"], all.Select(g => g.SkillGroupId).Order());
        Assert.Equal("sales@ccc-local", sales.SkillGroupId);
        Assert.Equal("sales", sales.SkillGroupName);
        Assert.Equal(2, sales.UserCount);
        Assert.Equal(3, sales.PhoneNumberCount);
    }

    [Fact]
    public async Task ListBriefSkillGroups_with_an_unmatched_media_type_is_empty()
    {
        var none = await Collect(_client.ListBriefSkillGroupsAsync(new ListBriefSkillGroupsRequest { MediaType = "CHAT" }));

        Assert.Empty(none);
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
