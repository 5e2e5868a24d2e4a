using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ChromiumSmokeTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Chromium_reaches_the_emulator_on_loopback_and_has_a_fake_microphone()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(emulator.Endpoint, "/_emulator/phones/13800000001").ToString());
        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        Assert.Contains("\"behavior\"", await page.ContentAsync(), StringComparison.Ordinal);

        var tracks = await page.EvaluateAsync<int>("async () => (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks().length");
        Assert.Equal(1, tracks);
    }
}
