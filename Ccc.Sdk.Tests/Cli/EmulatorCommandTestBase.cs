using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Cli;

/// <summary>
/// Tests that run the <c>ccc</c> tool against an emulator of their own (in this process, on a free loopback port), and
/// read its control API over <see cref="Http"/>.
/// </summary>
public abstract class EmulatorCommandTestBase : IAsyncLifetime
{
    /// <summary>The test's emulator.</summary>
    protected CccEmulator Emulator { get; private set; } = null!;

    /// <summary>A client for the emulator's control API.</summary>
    protected HttpClient Http { get; } = new();

    /// <summary>The emulator's address, as <c>--endpoint</c> takes it.</summary>
    protected string Endpoint => Emulator.Endpoint.ToString();

    public async Task InitializeAsync() => Emulator = await CccEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
