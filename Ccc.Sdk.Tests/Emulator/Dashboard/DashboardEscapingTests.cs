using Ccc.Sdk.Emulator;
using Ccc.Sdk.Tests.Browser;
using Ccc.Sdk.Tests.Emulator.Calls;

namespace Ccc.Sdk.Tests.Emulator.Dashboard;

/// <summary>
/// Text from the wire stays text on the dashboard: a seeded instance whose agent's display name and break code are
/// markup (<c>&lt;img onerror&gt;</c>, <c>&lt;script&gt;</c>) shows them literally, in the agents list and in the
/// recent events, and runs none of it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardEscapingTests(ChromiumFixture chromium) : CallTestBase, IDisposable
{
    private const string XssInstance = "ccc-xss";
    private const string XssUser = "mallory@ccc-xss";
    private const string MarkupName = "<img src=x onerror=\"window.__xss='name'\">Mallory";
    private const string MarkupBreak = "<script>window.__xss='break'</script>";

    private readonly string _seed = Path.Combine(Path.GetTempPath(), $"ccc-dashboard-seed-{Guid.NewGuid():N}.json");

    private protected override void Configure(CccEmulatorOptions options)
    {
        var seed = new
        {
            Instances = new[]
            {
                new
                {
                    InstanceId = XssInstance,
                    BreakCodes = new[] { "default", MarkupBreak },
                    Roles = new[] { new { RoleId = "Agent@" + XssInstance, RoleName = "Agent" } },
                    Users = new[]
                    {
                        new
                        {
                            LoginName = "mallory", DisplayName = MarkupName, Email = "mallory@example.com", Mobile = "13900000077",
                            Extension = "", RoleId = "Agent@" + XssInstance, WorkMode = "ON_SITE",
                        },
                    },
                },
            },
        };
        File.WriteAllText(_seed, System.Text.Json.JsonSerializer.Serialize(seed));
        options.SeedFile = _seed;
    }

    public void Dispose() => File.Delete(_seed);

    [Fact]
    public async Task Markup_in_a_display_name_and_a_break_code_shows_as_text_and_never_runs()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(H.Emulator.Endpoint, "/_emulator/").ToString());
        await page.WaitForSelectorAsync($"[data-instance='{XssInstance}'] [data-agent='{XssUser}']", new() { Timeout = 10_000 });

        await OkInXss("SignInGroup", ("UserId", XssUser), ("DeviceId", "dev-mallory"), ("SignedSkillGroupIdList", "[]"));
        await OkInXss("TakeBreak", ("UserId", XssUser), ("Code", MarkupBreak));
        await page.WaitForSelectorAsync($"[data-agent='{XssUser}'][data-state='BREAK']", new() { Timeout = 10_000 });
        await page.WaitForSelectorAsync($"[data-instance='{XssInstance}'] [data-event='AgentBreak']", new() { Timeout = 10_000 });

        var section = page.Locator($"[data-instance='{XssInstance}']");
        var text = await section.TextContentAsync() ?? "";
        Assert.Contains(MarkupName, text, StringComparison.Ordinal);
        Assert.Contains(MarkupBreak, await section.Locator($"[data-agent='{XssUser}']").TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.Contains(MarkupBreak, await section.Locator("[data-event='AgentBreak']").First.TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
    }

    private async Task OkInXss(string action, params (string Name, string Value)[] query)
    {
        var r = await H.CallAsync(action, [("InstanceId", XssInstance), .. query]);
        Assert.True(r.Code == "OK", $"{action} failed: {r}");
    }
}
