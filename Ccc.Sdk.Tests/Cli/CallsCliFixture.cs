using System.Globalization;
using System.Net;
using System.Text;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Cli;

/// <summary>
/// One in-process emulator per test class for the <c>ccc</c> tool's cloud commands, on a fake clock that starts at the
/// real time (the tool signs with the machine's clock; the emulator accepts 15 minutes either way), with no after-call
/// work, plus a <see cref="CccClient"/> and the control API for setting the scene.
/// </summary>
public class CallsCliFixture : IAsyncLifetime
{
    public const string Agent1 = "agent1@ccc-local";
    public const string Agent2 = "agent2@ccc-local";
    public const string Agent3 = "agent3@ccc-local";
    public const string Sales = "sales@ccc-local";
    public const string ShanghaiLine = "02150000001";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public CccEmulator Emulator { get; private set; } = null!;

    public CccClient Client { get; private set; } = null!;

    public HttpClient Control { get; private set; } = null!;

    /// <summary>The emulator's address, as the tool's <c>--endpoint</c>.</summary>
    public string Endpoint => Emulator.Endpoint.ToString();

    public async Task InitializeAsync()
    {
        Emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { TimeProvider = Clock });
        Client = new CccClient(new AccessKeyCredential(Emulator.AccessKeyId, Emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = Emulator.Endpoint, InstanceId = Emulator.InstanceId }, timeProvider: Clock);
        Control = new HttpClient { BaseAddress = Emulator.Endpoint };
        await Put($"/_emulator/instances/{Emulator.InstanceId}/call-settings", """{"afterCallWorkSeconds":0}""");
        await SeedAsync();
    }

    /// <summary>Override to make the calls a whole test class reads (once per class).</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Control.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Runs <c>ccc</c> with <paramref name="args"/> against this emulator (<c>--endpoint</c> appended).</summary>
    internal Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--endpoint", Endpoint]);

    public void Advance(long milliseconds) => Clock.Advance(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>A point in time as the tool takes it (ISO 8601 with offset), <paramref name="deltaMs"/> from the emulator's now.</summary>
    public string At(long deltaMs = 0) => Clock.GetUtcNow().AddMilliseconds(deltaMs).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Sets a simulated phone (<c>PUT /_emulator/phones/{number}</c>).</summary>
    public Task SetPhone(string number, string json) => Put($"/_emulator/phones/{number}", json);

    /// <summary>Signs the agent in to Sales and makes them READY (through the SDK, not the tool).</summary>
    public async Task Ready(string userId)
    {
        await Client.SignInGroupAsync(new SignInGroupRequest { UserId = userId, DeviceId = "dev-" + userId, SignedSkillGroupIdList = [Sales] });
        await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = userId });
    }

    /// <summary>The agent's state as PollUserStatus reports it (<c>READY</c>, <c>BREAK</c>, <c>OFFLINE</c>…).</summary>
    public async Task<UserContext> StateOf(string userId) =>
        (await Client.PollUserStatusAsync(new PollUserStatusRequest { UserId = userId })).Value.UserContext!;

    /// <summary>
    /// Agent <paramref name="userId"/> (made READY) calls <paramref name="callee"/>, who answers after 1 s; they talk
    /// <paramref name="talkMs"/>; the agent hangs up. Returns the contact id (a finished call with a recording).
    /// </summary>
    public async Task<string> TalkedCall(string userId, string callee, int talkMs)
    {
        var state = (await StateOf(userId)).UserState;
        if (state != "READY")
        {
            await Ready(userId);
        }

        var jobId = (await Client.MakeCallAsync(new MakeCallRequest { UserId = userId, Callee = callee })).Value.CallContext!.JobId!;
        Advance(1_000);
        Advance(talkMs);
        await Client.ReleaseCallAsync(new ReleaseCallRequest { UserId = userId, JobId = jobId });
        Advance(10);
        return jobId;
    }

    private async Task Put(string path, string json)
    {
        using var response = await Control.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
