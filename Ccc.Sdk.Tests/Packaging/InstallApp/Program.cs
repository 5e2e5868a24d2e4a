// A new user's first program, built by InstallTests from the packed packages only (never from the repository): it
// starts the emulator in process, receives its events with the webhook receiver, lists the agents, places a call and
// waits for the call's events. Each line it prints is checked by the test.
using System.Collections.Concurrent;
using Ccc.Sdk;
using Ccc.Sdk.Auth;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Events;

const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { WebhookSecret = secret });
Console.WriteLine($"emulator: {emulator.InstanceId}");

// The receiver: what a CRM maps, on a loopback port of its own.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
builder.Services.AddSingleton<ConcurrentQueue<CccEvent>>();
builder.Services.AddCccWebhooks(o =>
{
    o.Secrets.Add(secret);
    o.UseSqlite(Path.Combine(AppContext.BaseDirectory, "ccc-events.db"));   // the Ccc.Sdk.AspNetCore.Sqlite package
}).AddEventHandler<Collector>();
await using var app = builder.Build();
app.MapCccWebhooks("/ccc/events");
await app.StartAsync();
var received = app.Services.GetRequiredService<ConcurrentQueue<CccEvent>>();

using var client = new CccClient(
    new AccessKeyCredential(emulator.AccessKeyId, emulator.AccessKeySecret),
    new CccClientOptions { Endpoint = emulator.Endpoint, InstanceId = emulator.InstanceId });

await client.UpdateSubscriptionAsync(new UpdateSubscriptionRequest
{
    AccessPoint = app.Urls.First() + "/ccc/events",
    ProducerId = "PID_Webhook",
    DefaultTopic = "Topic_Webhook",
    EventSubscriptionsJson = """[{"Name":"Dialing"},{"Name":"Established"},{"Name":"Released"}]""",
});

await foreach (CccUser user in client.ListUsersAsync(new ListUsersRequest()))
{
    Console.WriteLine($"agent: {user.UserId}");
}

const string agent = "agent1@ccc-local";
await client.SignInGroupAsync(new SignInGroupRequest { UserId = agent, DeviceId = "install-test", SignedSkillGroupIdList = ["sales@ccc-local"] });
await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agent });
var made = await client.MakeCallAsync(new MakeCallRequest { UserId = agent, Callee = "13800000001" });
string contactId = made.Value.CallContext!.JobId!;
Console.WriteLine($"call: {contactId}");

// The simulated customer answers after a second; then the agent hangs up.
for (var i = 0; i < 200 && !received.Any(e => e.ContactId == contactId && e.EventType == "Established"); i++)
{
    await Task.Delay(50);
}

await client.ReleaseCallAsync(new ReleaseCallRequest { UserId = agent, JobId = contactId });
for (var i = 0; i < 200 && !received.Any(e => e.ContactId == contactId && e.EventType == "Released"); i++)
{
    await Task.Delay(50);
}

foreach (var type in received.Where(e => e.ContactId == contactId).Select(e => e.EventType).Distinct())
{
    Console.WriteLine($"event: {type}");
}

await app.StopAsync();
return received.Any(e => e.ContactId == contactId && e.EventType == "Released") ? 0 : 1;

sealed class Collector(ConcurrentQueue<CccEvent> received) : ICccEventHandler
{
    public Task HandleAsync(CccEvent e, CancellationToken ct)
    {
        received.Enqueue(e);
        return Task.CompletedTask;
    }
}
