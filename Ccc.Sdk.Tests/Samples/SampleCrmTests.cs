namespace Ccc.Sdk.Tests.Samples;

/// <summary>
/// The sample CRM run as its own process, the way `dotnet run --project Ccc.Sdk.Samples.Crm` runs it: on its
/// embedded emulator, with no configuration.
/// </summary>
public class SampleCrmTests
{
    [Fact]
    public async Task The_home_page_lists_the_emulator_agents_and_skill_groups_through_CccClient()
    {
        await using var sample = await SampleProcess.StartAsync();

        using var agent = await sample.SignInAsync("agent1@ccc-local");
        string html = await agent.GetStringAsync("/");

        Assert.Contains("agent1@ccc-local", html);
        Assert.Contains("agent2@ccc-local", html);
        Assert.Contains("agent3@ccc-local", html);
        Assert.Contains("sales@ccc-local", html);
        Assert.Contains("support@ccc-local", html);
        Assert.DoesNotContain("Could not reach the call center", html);
    }
}
