using System.Net;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator.Workbench;

/// <summary>The emulator serves the browser workbench script and stylesheet; and ListSkillLevelsOfUser, which the script uses.</summary>
public sealed class WorkbenchAssetsTests : IAsyncLifetime
{
    private EmulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task The_script_and_the_stylesheet_are_served_with_cors_and_no_cache()
    {
        using var js = await _h.Http.GetAsync("/workbench/workbenchSdk.js");
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", js.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-cache", js.Headers.CacheControl!.ToString());
        Assert.Equal("*", js.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var script = await js.Content.ReadAsStringAsync();
        Assert.Contains("const GENERATION = '2.x';", script, StringComparison.Ordinal);
        Assert.Contains("window[GLOBAL_NAME] = WorkbenchSdk;", script, StringComparison.Ordinal);

        using var css = await _h.Http.GetAsync("/workbench/workbenchSdk.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType!.ToString());
        Assert.Contains(".ccc-wb-panel", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var head = await _h.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/workbench/workbenchSdk.js"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Theory]
    [InlineData("/workbench/v3/core.min.js")]
    [InlineData("/workbench/v3/ui.min.js")]
    public async Task The_3x_scripts_are_the_same_script_set_to_3x_with_cors_and_no_cache(string path)
    {
        using var js = await _h.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", js.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-cache", js.Headers.CacheControl!.ToString());
        Assert.Equal("*", js.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var script = await js.Content.ReadAsStringAsync();
        Assert.Contains("const GENERATION = '3.x';", script, StringComparison.Ordinal);
        Assert.DoesNotContain("const GENERATION = '2.x';", script, StringComparison.Ordinal);
        Assert.Contains("CccWorkbenchMedia", script, StringComparison.Ordinal); // the audio helper comes along, as in 2.x

        // Apart from that one line, the 2.x script byte for byte: one implementation.
        var twoX = await _h.Http.GetStringAsync("/workbench/workbenchSdk.js");
        Assert.Equal(twoX.Replace("const GENERATION = '2.x';", "const GENERATION = '3.x';", StringComparison.Ordinal), script);

        using var head = await _h.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(js.Content.Headers.ContentLength, head.Content.Headers.ContentLength);

        using var post = await _h.Http.PostAsync(path, new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("GET, HEAD", string.Join(", ", post.Content.Headers.Allow));
    }

    [Fact]
    public void The_3x_surface_is_made_from_the_generation_line_which_must_be_there_exactly_once()
    {
        Assert.Equal("a const GENERATION = '3.x'; b", Ccc.Sdk.Emulator.Workbench.WorkbenchAssets.ThreeX("a const GENERATION = '2.x'; b"));
        Assert.Throws<InvalidOperationException>(() => Ccc.Sdk.Emulator.Workbench.WorkbenchAssets.ThreeX("const GENERATION = '3.x';"));
        Assert.Throws<InvalidOperationException>(() => Ccc.Sdk.Emulator.Workbench.WorkbenchAssets.ThreeX("const GENERATION = '2.x'; const GENERATION = '2.x';"));
    }

    [Fact]
    public async Task The_3x_stylesheet_is_served_and_get_only()
    {
        using var css = await _h.Http.GetAsync("/workbench/v3/ui.min.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType!.ToString());
        Assert.Contains(".ccc-wb-panel", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var head = await _h.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/workbench/v3/ui.min.css"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        using var put = await _h.Http.PutAsync("/workbench/v3/ui.min.css", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
    }

    [Theory]
    [InlineData("/workbench/v3/nope.js")]
    [InlineData("/workbench/v3/")]
    [InlineData("/workbench/v3/ui-mobile.min.css")]
    [InlineData("/workbench/v3/workbenchSdk.js")]
    [InlineData("/workbench/nope.js")]
    [InlineData("/workbench/")]
    [InlineData("/workbench/Assets/workbenchSdk.js")]
    public async Task Unknown_workbench_files_are_a_json_404(string path)
    {
        using var response = await _h.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("NotFound", body.RootElement.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task Workbench_files_are_get_only()
    {
        using var response = await _h.Http.PostAsync("/workbench/workbenchSdk.js", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("MethodNotAllowed", body.RootElement.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task ListSkillLevelsOfUser_pages_the_agents_groups_and_the_others()
    {
        var all = await _h.CallAsync("ListSkillLevelsOfUser", ("InstanceId", "ccc-local"), ("UserId", "agent1@ccc-local"), ("PageNumber", "1"), ("PageSize", "10"));
        Assert.Equal("OK", all.Code);
        Assert.Equal(2, all.Data.GetProperty("TotalCount").GetInt32());
        var items = all.Data.GetProperty("List").EnumerateArray().ToList();
        Assert.Equal(["sales@ccc-local", "support@ccc-local"], items.Select(i => i.GetProperty("SkillGroupId").GetString()));
        Assert.Equal(["5", "3"], items.Select(i => i.GetProperty("SkillLevel").GetString())); // a string in the cloud's model
        Assert.Equal("sales", items[0].GetProperty("SkillGroupName").GetString());
        Assert.False(items[0].TryGetProperty("UserId", out _)); // not in the cloud's model

        var page2 = await _h.CallAsync("ListSkillLevelsOfUser", ("InstanceId", "ccc-local"), ("UserId", "agent1@ccc-local"), ("PageNumber", "2"), ("PageSize", "1"));
        Assert.Equal("support@ccc-local", page2.Data.GetProperty("List").EnumerateArray().Single().GetProperty("SkillGroupId").GetString());

        var others = await _h.CallAsync("ListSkillLevelsOfUser", ("InstanceId", "ccc-local"), ("UserId", "agent2@ccc-local"), ("IsMember", "false"), ("PageNumber", "1"), ("PageSize", "10"));
        var other = others.Data.GetProperty("List").EnumerateArray().Single();
        Assert.Equal(("support@ccc-local", "0"), (other.GetProperty("SkillGroupId").GetString(), other.GetProperty("SkillLevel").GetString()));

        var unknown = await _h.CallAsync("ListSkillLevelsOfUser", ("InstanceId", "ccc-local"), ("UserId", "nobody@ccc-local"), ("PageNumber", "1"), ("PageSize", "10"));
        Assert.NotEqual(HttpStatusCode.InternalServerError, unknown.Status);
        Assert.NotEqual("OK", unknown.Code);
        var bad = await _h.CallAsync("ListSkillLevelsOfUser", ("InstanceId", "ccc-local"), ("UserId", "agent1@ccc-local"), ("PageNumber", "0"), ("PageSize", "10"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }
}
