using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Calls;

/// <summary>An in-process emulator on a fake clock, a <see cref="CccClient"/> talking to it, and the emulator's control API.</summary>
public abstract class EmulatorCallTestBase : IAsyncLifetime
{
    protected const string Agent1 = "agent1@ccc-local";
    protected const string Sales = "sales@ccc-local";
    protected const string ShanghaiLine = "02150000001";
    protected const string BeijingLine = "01050000002";

    // Whole milliseconds: the cloud's times are epoch ms.
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    protected CccEmulator Emulator { get; private set; } = null!;

    protected CccClient Client { get; private set; } = null!;

    protected HttpClient Control { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new CccEmulatorOptions { TimeProvider = Clock };
        Configure(options);
        Emulator = await CccEmulator.StartAsync(options);
        Client = CreateClient(Emulator.Endpoint);
        Control = new HttpClient { BaseAddress = Emulator.Endpoint };
    }

    /// <summary>Override to change the emulator's options (e.g. a seed file) before it starts.</summary>
    protected virtual void Configure(CccEmulatorOptions options)
    {
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Control.Dispose();
        await Emulator.DisposeAsync();
    }

    protected CccClient CreateClient(Uri endpoint) =>
        new(new AccessKeyCredential(Emulator.AccessKeyId, Emulator.AccessKeySecret), new CccClientOptions { Endpoint = endpoint, InstanceId = Emulator.InstanceId });

    protected async Task SetPhone(string number, string json)
    {
        using var response = await Control.PutAsync($"/_emulator/phones/{number}", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Signs the agent in to Sales and makes them READY (the dev key has no agent of its own: UserId is explicit).</summary>
    protected async Task Ready(string userId)
    {
        await Client.SignInGroupAsync(new SignInGroupRequest { UserId = userId, DeviceId = "dev-" + userId, SignedSkillGroupIdList = [Sales] });
        await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = userId });
    }

    protected void Advance(long milliseconds) => Clock.Advance(TimeSpan.FromMilliseconds(milliseconds));

    protected async Task<List<CallDetailRecord>> RecordsTo(string calledNumber, DateTimeOffset from)
    {
        var list = new List<CallDetailRecord>();
        await foreach (var r in Client.ListCallDetailRecordsAsync(new ListCallDetailRecordsRequest { CalledNumber = calledNumber, StartTime = from, EndTime = Clock.GetUtcNow() }))
        {
            list.Add(r);
        }

        return list;
    }

    protected Task<HttpResponseMessage> GetJson(string path) => Control.GetAsync(path);

    protected static Task<T?> Read<T>(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>();

    /// <summary>A customer calls <paramref name="to"/> from <paramref name="from"/> (control API); returns the contact id.</summary>
    protected async Task<string> Inbound(string from, string to)
    {
        using var response = await Control.PostAsync("/_emulator/calls/inbound", new StringContent($$"""{"from":"{{from}}","to":"{{to}}"}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var contactId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("contactId").GetString();
        Assert.NotNull(contactId);
        return contactId;
    }

    /// <summary>The agent's UserState, read from the emulator's own state under the instance lock.</summary>
    protected string UserStateOf(string userId)
    {
        var instance = Emulator.State.GetInstance(Emulator.InstanceId);
        lock (instance.Gate)
        {
            return instance.Users[userId].UserState;
        }
    }

    /// <summary>Every item of a pageable list.</summary>
    protected static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
