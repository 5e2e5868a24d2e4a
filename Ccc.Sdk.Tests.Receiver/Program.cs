// The crash tests' webhook receiver: MapCccWebhooks on a SQLite or PostgreSQL inbox, and one event handler that records
// every event idempotently (keyed by CccEventDelivery.DedupeKey) in a results store of the same kind.
//
//   --urls http://127.0.0.1:PORT --store sqlite|postgres --db <inbox path or connection string> --secret whsec_...
//   --results <results path or connection string> [--name r1] [--tables crash] [--inbox-table ccc_event_inbox]
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Tests.Receiver;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var settings = ReceiverSettings.From(builder.Configuration);
var results = ResultsStore.Create(settings);
await results.InitializeAsync();

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(results);
builder.Services.AddCccWebhooks(o =>
    {
        o.Secrets.Add(settings.Secret);
        if (settings.Store == "postgres")
        {
            o.UsePostgres(settings.Db, settings.InboxTable);
        }
        else
        {
            o.UseSqlite(settings.Db);
        }
    })
    .AddEventHandler<RecordingHandler>()
    .AddDispatcher(o =>
    {
        o.MaxConcurrency = 8;
        // A SIGKILLed receiver's leases are taken over when they end: short, so that the test does not wait minutes.
        o.LeaseDuration = TimeSpan.FromSeconds(8);
        o.HandlerTimeout = TimeSpan.FromSeconds(4);
        o.InitialBackoff = TimeSpan.FromMilliseconds(200);
        o.MaxBackoff = TimeSpan.FromSeconds(2);
        o.PollInterval = TimeSpan.FromMilliseconds(250);
    });

var app = builder.Build();
app.MapCccWebhooks("/ccc/events");

// What is left to handle, across every receiver of the inbox.
app.MapGet("/status", async (ICccEventInbox inbox, CancellationToken ct) =>
{
    async Task<int> Count(InboxItemState state) => (await inbox.ListAsync(new InboxQuery { State = state, Limit = 100_000 }, ct)).Count;
    return Results.Json(new
    {
        pending = await Count(InboxItemState.Pending),
        leased = await Count(InboxItemState.Leased),
        done = await Count(InboxItemState.Done),
        deadLettered = await Count(InboxItemState.DeadLettered),
    });
});

await app.RunAsync();
