using System.Collections.Concurrent;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Ccc.Sdk.Tests.AspNetCore.Events.Dispatch.DispatchTestKit;

namespace Ccc.Sdk.Tests.AspNetCore.Events.Dispatch;

/// <summary>The builder extensions: what they register, and a host that runs the dispatcher end to end.</summary>
public sealed class DispatchRegistrationTests
{
    /// <summary>Where the scoped handlers below report (a singleton).</summary>
    private sealed class Sink
    {
        public ConcurrentQueue<(string Handler, string EventType, int Instance)> Seen { get; } = new();
    }

    private sealed class ReleasedHandler(Sink sink) : ICccEventHandler
    {
        private static int s_instances;
        private readonly int _instance = Interlocked.Increment(ref s_instances);

        public bool CanHandle(string eventType) => eventType == "Released";

        public Task HandleAsync(CccEvent e, CancellationToken cancellationToken)
        {
            sink.Seen.Enqueue((nameof(ReleasedHandler), e.EventType, _instance));
            return Task.CompletedTask;
        }
    }

    private sealed class AuditHandler(Sink sink) : ICccEventHandler
    {
        public Task HandleAsync(CccEvent e, CancellationToken cancellationToken)
        {
            sink.Seen.Enqueue((nameof(AuditHandler), e.EventType, 0));
            return Task.CompletedTask;
        }
    }

    private sealed class NoCdrHandler : ICccCdrHandler
    {
        public Task HandleAsync(CallDetailRecordDetails record, CccCdrReadyEvent? push, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public void Handlers_the_dispatcher_and_the_reconciler_are_registered_once_however_often_they_are_added()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ICccEventInbox>(new TestInbox()).AddSingleton<Sink>();
        new CccWebhooksBuilder(services, string.Empty)
            .AddEventHandler<ReleasedHandler>()
            .AddEventHandler<ReleasedHandler>()
            .AddEventHandler<AuditHandler>()
            .AddCdrHandler<NoCdrHandler>()
            .AddDispatcher(o => o.MaxConcurrency = 2)
            .AddReconciliation(o => o.Interval = TimeSpan.FromMinutes(1))
            .AddReconciliation();
        using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.Single(hosted.OfType<CccEventDispatcher>());
        Assert.Single(hosted.OfType<CccCdrReconciler>());
        Assert.Equal(2, hosted.Count);
        using var scope = provider.CreateScope();
        Assert.Equal(2, scope.ServiceProvider.GetKeyedServices<ICccEventHandler>(string.Empty).Count());
        Assert.Single(scope.ServiceProvider.GetKeyedServices<ICccCdrHandler>(string.Empty));
        Assert.Equal(2, provider.GetRequiredService<IOptions<CccEventDispatchOptions>>().Value.MaxConcurrency);
        Assert.Equal(TimeSpan.FromMinutes(1), provider.GetRequiredService<IOptions<CccReconciliationOptions>>().Value.Interval);
        Assert.Same(provider.GetRequiredService<CccEventInboxSignal>(), provider.GetRequiredService<ICccEventInboxSignal>());
        Assert.Same(hosted.OfType<CccEventDispatcher>().Single(), provider.GetRequiredService<CccEventDispatcher>());
        Assert.NotNull(provider.GetRequiredService<CccEventInboxAdmin>());
    }

    [Fact]
    public async Task Each_named_receiver_has_its_own_dispatcher_handlers_and_signal()
    {
        var sales = new TestInbox();
        var support = new TestInbox();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<Sink>().AddKeyedSingleton<ICccEventInbox>("sales", sales).AddKeyedSingleton<ICccEventInbox>("support", support);
        new CccWebhooksBuilder(builder.Services, "sales").AddEventHandler<AuditHandler>();
        new CccWebhooksBuilder(builder.Services, "support").AddEventHandler<ReleasedHandler>().AddDispatcher(o => o.MaxConcurrency = 1);
        using var host = builder.Build();
        await host.StartAsync();

        var now = DateTimeOffset.UtcNow;
        await sales.AddAsync(Event("Dialing", "job-1", now, now));
        await support.AddAsync(Event("Released", "job-2", now, now));
        host.Services.GetRequiredKeyedService<ICccEventInboxSignal>("sales").Signal();
        host.Services.GetRequiredKeyedService<ICccEventInboxSignal>("support").Signal();
        await Eventually(() => sales.All().Concat(support.All()).All(i => i.State == InboxItemState.Done));
        await host.StopAsync();

        var seen = host.Services.GetRequiredService<Sink>().Seen.Select(s => (s.Handler, s.EventType)).Order().ToList();
        Assert.Equal([(nameof(AuditHandler), "Dialing"), (nameof(ReleasedHandler), "Released")], seen);
        Assert.Equal(2, host.Services.GetServices<IHostedService>().OfType<CccEventDispatcher>().Count());
        Assert.Null(host.Services.GetService<ICccEventInboxSignal>()); // no default receiver here
    }

    [Fact]
    public void Without_an_inbox_the_dispatcher_says_what_to_register()
    {
        var services = new ServiceCollection();
        new CccWebhooksBuilder(services, string.Empty).AddDispatcher();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetServices<IHostedService>().ToList());
        Assert.Contains("AddCccWebhooks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_runs_the_dispatcher_with_a_scoped_handler_instance_per_event()
    {
        var inbox = new TestInbox();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<ICccEventInbox>(inbox).AddSingleton<Sink>();
        new CccWebhooksBuilder(builder.Services, string.Empty).AddEventHandler<ReleasedHandler>().AddEventHandler<AuditHandler>();
        using var host = builder.Build();
        await host.StartAsync();

        var now = DateTimeOffset.UtcNow;
        foreach (var e in new[] { Event("Released", "job-1", now, now), Event("Released", "job-2", now, now), Event("Dialing", "job-3", now, now) })
        {
            await inbox.AddAsync(e);
            host.Services.GetRequiredService<ICccEventInboxSignal>().Signal(); // what the webhook endpoint does after storing
        }

        var sink = host.Services.GetRequiredService<Sink>();
        await Eventually(() => inbox.All().All(i => i.State == InboxItemState.Done));
        await host.StopAsync();

        Assert.Equal(3, sink.Seen.Count(s => s.Handler == nameof(AuditHandler)));
        var released = sink.Seen.Where(s => s.Handler == nameof(ReleasedHandler)).ToList();
        Assert.Equal(2, released.Count);
        Assert.NotEqual(released[0].Instance, released[1].Instance); // scoped: one instance per event
    }
}
