using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Tests.AspNetCore;

/// <summary>
/// The Workbench proxy's allow-list and the emulator agree (issue 13): every action the proxy may forward is one of
/// the cloud's actions and is simulated by the emulator (api/simulated-actions.txt).
/// </summary>
public sealed class WorkbenchProxyAllowListTests
{
    private static IEnumerable<string> AllowListed =>
        CccWorkbenchProxyOptions.SoftphoneActions.Concat(CccWorkbenchProxyOptions.SupervisorActions);

    [Fact]
    public void Every_allow_listed_action_is_one_of_the_clouds_actions()
    {
        var unknown = AllowListed.Where(a => !ApiDescription.Default.Actions.ContainsKey(a)).ToList();

        Assert.True(unknown.Count == 0, "Not actions of api/ccc-api-2020-07-01.json: " + string.Join(", ", unknown));
        Assert.DoesNotContain("AddAgentDevice", CccWorkbenchProxyOptions.SoftphoneActions);
        Assert.Contains("CoachCall", CccWorkbenchProxyOptions.SupervisorActions);
    }

    [Fact]
    public void Every_allow_listed_action_is_simulated_by_the_emulator()
    {
        var simulated = File.ReadAllLines(Path.Combine(Repository.Root, "api", "simulated-actions.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

        var missing = AllowListed.Where(a => !simulated.Contains(a)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Allowed by the Workbench proxy but not simulated (api/simulated-actions.txt): " + string.Join(", ", missing));
    }

    [Fact]
    public void The_default_allow_list_is_the_softphone_actions_without_the_supervisor_actions()
    {
        var options = new CccWorkbenchProxyOptions();

        Assert.Equal(CccWorkbenchProxyOptions.SoftphoneActions.Order(StringComparer.Ordinal), options.AllowedActions.Order(StringComparer.Ordinal));
        Assert.Empty(options.AllowedActions.Intersect(CccWorkbenchProxyOptions.SupervisorActions));
    }
}
