using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// One headless Debian Chromium (<c>/usr/bin/chromium</c>, no browser download) shared by the browser tests, driven by
/// Playwright for .NET. Fake microphone and camera, loopback ICE candidates allowed (WebRTC ignores them otherwise).
/// CI runs the tests in a network namespace with only loopback up, so no candidate uses another interface
/// (.ci/run). Set <c>CCC_CHROMIUM</c> to use another Chromium binary.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>The Chromium the tests run.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CCC_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The launch arguments every browser test uses.</summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ExecutablePath} (Debian: apt-get install chromium; or set CCC_CHROMIUM).");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>A fresh context (own cookies and storage) with microphone permission.</summary>
    public async Task<IBrowserContext> NewContextAsync(string? origin = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = false });
        await context.GrantPermissionsAsync(["microphone"], origin is null ? null : new BrowserContextGrantPermissionsOptions { Origin = origin });
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Browser tests share one Chromium and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Browser";
}
