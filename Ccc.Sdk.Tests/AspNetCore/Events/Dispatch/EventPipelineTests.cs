using System.Collections.Concurrent;
using System.Text.Json;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Events;
using Ccc.Sdk.Tests.Emulator.Calls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Ccc.Sdk.Tests.AspNetCore.Events.Dispatch.DispatchTestKit;

namespace Ccc.Sdk.Tests.AspNetCore.Events.Dispatch;

/// <summary>The whole path: the emulator pushes signed events to MapCccWebhooks, the dispatcher hands them to the
/// handlers, the reconciler brings the CDRs whose pushes were dropped — each CDR reaches the handler exactly once.</summary>
public sealed class EventPipelineTests : CallTestBase
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private sealed class Sink
    {
        public ConcurrentQueue<(string ContactId, bool Pushed, int AgentSteps)> Cdrs { get; } = new();

        public ConcurrentQueue<CccEvent> Events { get; } = new();

        public int CdrCount(string contactId) => Cdrs.Count(c => c.ContactId == contactId);
    }

    private sealed class SinkCdrHandler(Sink sink) : ICccCdrHandler
    {
        public Task HandleAsync(CallDetailRecordDetails record, CccCdrReadyEvent? push, CancellationToken cancellationToken)
        {
            sink.Cdrs.Enqueue((record.ContactId!, push is not null, record.AgentEvents?.Count ?? 0));
            return Task.CompletedTask;
        }
    }

    private sealed class SinkEventHandler(Sink sink) : ICccEventHandler
    {
        public Task HandleAsync(CccEvent e, CancellationToken cancellationToken)
        {
            sink.Events.Enqueue(e);
            return Task.CompletedTask;
        }
    }

    private protected override void Configure(CccEmulatorOptions options) => options.WebhookSecret = Secret;

    private async Task<string> Call(string customer)
    {
        await Ready(Agent1, Sales);
        await SetPhone(customer, """{"behavior":"answer","answerAfterMs":500}""");
        string contactId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", customer)));
        Advance(500);
        Advance(3_000);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));
        return contactId;
    }

    [Fact]
    public async Task Each_CDR_reaches_the_handler_exactly_once_whether_it_was_pushed_or_its_pushes_were_all_dropped()
    {
        using var client = new CccClient(
            new AccessKeyCredential(H.Emulator.AccessKeyId, H.Emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = H.Emulator.Endpoint, InstanceId = Instance },
            timeProvider: H.Clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(H.Clock).AddSingleton(client).AddSingleton<Sink>();
        builder.Services.AddCccWebhooks(o =>
            {
                o.Secrets.Add(Secret);
                o.UseInMemory();
            })
            .AddEventHandler<SinkEventHandler>()
            .AddCdrHandler<SinkCdrHandler>()
            .AddReconciliation();
        await using var app = builder.Build();
        app.MapCccWebhooks("/ccc/events");
        await app.StartAsync();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/ccc/events";
        var sink = app.Services.GetRequiredService<Sink>();

        await Ok("UpdateSubscription", ("AccessPoint", url), ("ProducerId", "PID_Webhook"), ("DefaultTopic", "Topic_Webhook"),
            ("EventSubscriptionsJson", JsonSerializer.Serialize(new[] { new { Name = "CDRReady", Disabled = false }, new { Name = "Released", Disabled = false } })));

        string pushed = await Call("13800000201");
        await Eventually(() => sink.CdrCount(pushed) == 1);
        Assert.True(sink.Cdrs.Single().Pushed);

        var (status, body) = await Control(HttpMethod.Put, $"/_emulator/subscriptions/{Instance}/chaos", """{"drop":1.0,"seed":7}""");
        Assert.True(status == System.Net.HttpStatusCode.OK, body.ToString());
        string dropped = await Call("13800000202");

        // No push arrives; within the next sweep after the 2-minute delay the reconciler finds the record.
        for (int i = 0; i < 40 && sink.CdrCount(dropped) == 0; i++)
        {
            H.Clock.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(50);
        }

        await Eventually(() => sink.CdrCount(dropped) == 1);
        var found = sink.Cdrs.Single(c => c.ContactId == dropped);
        Assert.False(found.Pushed);
        Assert.True(found.AgentSteps > 0); // the full record, fetched from the emulator

        // Two more hours: the late CDR re-push of the first call and many sweeps later, still once each.
        for (int i = 0; i < 24; i++)
        {
            H.Clock.Advance(TimeSpan.FromMinutes(5));
            await Task.Delay(50);
        }

        await Task.Delay(300);
        Assert.Equal(1, sink.CdrCount(pushed));
        Assert.Equal(1, sink.CdrCount(dropped));
        Assert.Contains(sink.Events, e => e.EventType == "Released" && e.ContactId == pushed);
        Assert.DoesNotContain(sink.Events, e => e.EventType == "Released" && e.ContactId == dropped); // dropped for good
        await app.StopAsync();
    }
}
