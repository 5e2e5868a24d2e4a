using Xunit.Abstractions;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.TestSupport.Live;

namespace Ccc.Sdk.Tests.Live;

/// <summary>
/// The target of the live-capable tests: the instance the <c>CCC_LIVE_*</c> variables configure (a real one, or in
/// CI an emulator out of process), or, without any of them, an emulator started here in-process. The client always
/// sends through a <see cref="LiveReadOnlyGuard"/>, which refuses state-changing actions unless the target is the
/// embedded emulator or <c>CCC_LIVE_ALLOW_WRITES=1</c>.
/// </summary>
public sealed class LiveFixture : IAsyncLifetime
{
    /// <summary>The seeded agent the write scenarios move on the embedded emulator.</summary>
    internal const string EmbeddedAgentId = "agent1@ccc-local";

    private readonly Func<string, string?> _read;
    private CccEmulator? _emulator;
    private HttpClient? _http;

    /// <summary>The fixture xUnit creates: configured by the process's environment variables.</summary>
    public LiveFixture()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>A fixture configured by <paramref name="read"/> instead of the environment (a test seam).</summary>
    internal LiveFixture(Func<string, string?> read)
    {
        _read = read;
    }

    /// <summary>Where the tests run.</summary>
    public LiveTarget Target { get; private set; } = null!;

    /// <summary>The guard under <see cref="Client"/>.</summary>
    internal LiveReadOnlyGuard Guard { get; private set; } = null!;

    /// <summary>The client of <see cref="Target"/>.</summary>
    public CccClient Client { get; private set; } = null!;

    /// <summary>Why live mode could not start (a half-configured environment), reported by every test.</summary>
    public LiveConfigurationException? ConfigurationError { get; private set; }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        LiveTarget? configured;
        try
        {
            configured = LiveTarget.FromEnvironment(_read);
        }
        catch (LiveConfigurationException e)
        {
            // Every live test fails with this message (never falls back to the emulator: that would hide the mistake).
            ConfigurationError = e;
            return;
        }

        if (configured is null)
        {
            _emulator = await CccEmulator.StartAsync();
            configured = LiveTarget.Embedded(_emulator.Endpoint, _emulator.InstanceId, _emulator.AccessKeyId, _emulator.AccessKeySecret,
                EmbeddedAgentId, "ACC-live-tests-device");
        }

        Target = configured;
        (Client, Guard, _http) = CreateClient(configured);
    }

    /// <summary>A client of <paramref name="target"/> over an <see cref="HttpClient"/> whose handler is the guard.</summary>
    internal static (CccClient Client, LiveReadOnlyGuard Guard, HttpClient Http) CreateClient(
        LiveTarget target, HttpMessageHandler? transport = null, Action<CccClientOptions>? configure = null)
    {
        var guard = new LiveReadOnlyGuard(transport ?? new SocketsHttpHandler(), target.AllowWrites);
        var http = new HttpClient(guard) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new CccClientOptions { InstanceId = target.InstanceId, Timeout = TimeSpan.FromSeconds(30) };
        if (target.Endpoint is not null)
        {
            options.Endpoint = target.Endpoint;
        }

        if (target.RegionId is not null)
        {
            options.RegionId = target.RegionId;
        }

        configure?.Invoke(options);
        CccCredential credential = target.SecurityToken is { } token
            ? new StsCredential(target.AccessKeyId, target.AccessKeySecret, token)
            : new AccessKeyCredential(target.AccessKeyId, target.AccessKeySecret);
        return (new CccClient(credential, options, http), guard, http);
    }

    /// <summary>Writes where the test runs to its output and fails it when live mode is half configured.</summary>
    public void Announce(ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (ConfigurationError is not null)
        {
            throw ConfigurationError;
        }

        output.WriteLine("Live-capable test target: " + Target.Describe());
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        Client?.Dispose();
        _http?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}

/// <summary>The live-capable test classes share one target (and, when embedded, one emulator).</summary>
[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LiveFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Live";
}

/// <summary>Helpers of the live-capable tests.</summary>
internal static class LiveHelpers
{
    public static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items, int max = int.MaxValue)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    /// <summary>
    /// Runs <paramref name="call"/> and returns the guard's refusal, wherever the client put it (thrown as is, or as
    /// the cause of the client's own exception).
    /// </summary>
    public static async Task<LiveWriteRefusedException> RefusedAsync(Func<Task> call)
    {
        Exception? thrown = null;
        try
        {
            await call();
        }
        catch (Exception e)
        {
            thrown = e;
        }

        Assert.NotNull(thrown);
        for (Exception? e = thrown; e is not null; e = e.InnerException)
        {
            if (e is LiveWriteRefusedException refused)
            {
                return refused;
            }
        }

        Assert.Fail($"Expected the read-only guard's refusal, got {thrown}");
        return null!;
    }
}
