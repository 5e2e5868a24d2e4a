using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Samples.Crm;
using Ccc.Sdk.Samples.Crm.Calls;
using Ccc.Sdk.Samples.Crm.Components;
using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Emulator;
using Ccc.Sdk.Samples.Crm.History;
using Ccc.Sdk.Samples.Crm.Softphone;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Authentication.Cookies;

var builder = WebApplication.CreateBuilder(args);

// By default the CRM talks to an emulator of the cloud started inside this process, so `dotnet run` needs no
// cloud account. Set Crm:UseEmbeddedEmulator=false and fill the "Ccc" section (or the ALIBABA_CLOUD_* environment
// variables) to talk to the real service instead.
CccEmulator? emulator = null;
var webhookSecrets = new List<string>();
if (builder.Configuration.GetValue("Crm:UseEmbeddedEmulator", true))
{
    // The emulator signs its webhooks with a secret the CRM makes up at each start (the cloud's comes from configuration).
    webhookSecrets.Add(CccWebhookSigner.NewSecret());
    emulator = await CccEmulator.StartAsync(new CccEmulatorOptions
    {
        Urls = builder.Configuration["Crm:EmulatorUrls"] ?? "http://127.0.0.1:0",
        WebhookSecret = webhookSecrets[0],
    });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Ccc:Endpoint"] = emulator.Endpoint.ToString(),
        ["Ccc:RegionId"] = emulator.RegionId,
        ["Ccc:InstanceId"] = emulator.InstanceId,
        ["Ccc:AccessKeyId"] = emulator.AccessKeyId,
        ["Ccc:AccessKeySecret"] = emulator.AccessKeySecret,
    });
}

builder.Services.AddCcc(builder.Configuration.GetSection("Ccc"));
builder.Services.AddSingleton(new CrmMode(UsesEmbeddedEmulator: emulator is not null));
builder.Services.AddSingleton<CustomerDirectory>();
builder.Services.AddSingleton<CallDesk>();
builder.Services.AddSingleton(TimeProvider.System);

// The call history is fed by the call center's webhooks: MapCccWebhooks stores each signed event in an inbox (SQLite),
// the dispatcher hands them to the handlers below, which keep the CRM's own history table; the reconciliation sweep
// brings in records whose push was lost. Both files live in Crm:DataDirectory (default: App_Data under the content root).
var dataDirectory = builder.Configuration["Crm:DataDirectory"] ?? Path.Combine(builder.Environment.ContentRootPath, "App_Data");
var inboxPath = builder.Configuration["Crm:Events:Database"] ?? Path.Combine(dataDirectory, "ccc-events.db");
var historyPath = builder.Configuration["Crm:History:Database"] ?? Path.Combine(dataDirectory, "crm-history.db");
if (emulator is null)
{
    // Against the cloud: the subscription's signing secret(s) (old and new while rotating), from your secret store.
    var secrets = builder.Configuration.GetSection("Crm:Events:Secrets");
    webhookSecrets.AddRange(secrets.GetChildren().Select(s => s.Value).OfType<string>());
    webhookSecrets.AddRange((secrets.Value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    if (webhookSecrets.Count == 0)
    {
        throw new InvalidOperationException("Set Crm:Events:Secrets to the webhook signing secret of the call center's event subscription (see README).");
    }
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(inboxPath))!);
builder.Services.AddSingleton(sp => new CallHistoryStore(historyPath, sp.GetRequiredService<CustomerDirectory>(), sp.GetRequiredService<TimeProvider>()));
builder.Services.AddCccWebhooks(o =>
    {
        foreach (var secret in webhookSecrets)
        {
            o.Secrets.Add(secret);
        }

        o.UseSqlite(inboxPath);
    })
    .AddCdrHandler<CallHistoryCdrHandler>()
    .AddEventHandler<CallProgressEventHandler>()
    .AddReconciliation(o => builder.Configuration.GetSection("Crm:Events:Reconciliation").Bind(o));
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

// Agents sign in to the CRM (cookie); the browser softphone's API calls go through the CRM's proxy, which pins the
// signed-in agent's UserId (docs/softphone-proxy.md).
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/sign-in";
        o.Cookie.Name = "crm.auth";
        o.Cookie.SameSite = SameSiteMode.Lax;
        // An API call without a sign-in gets 401 with a JSON body (so the status code pages leave it alone), not a
        // redirect to the sign-in page.
        o.Events.OnRedirectToLogin = context =>
        {
            if (context.Request.Path.StartsWithSegments("/ccc") || context.Request.Path.StartsWithSegments("/api"))
            {
                return Results.Json(new { Code = "Unauthorized", Message = "Sign in to the CRM first." }, statusCode: StatusCodes.Status401Unauthorized)
                    .ExecuteAsync(context.HttpContext);
            }

            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
    });
builder.Services.AddAuthorization();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddSingleton<ScreenPopLog>();
builder.Services.AddScoped<SoftphoneAccessor>();
var softphoneScript = builder.Configuration["Crm:Softphone:ScriptUrl"]
    ?? (emulator is not null ? new Uri(emulator.Endpoint, "/workbench/workbenchSdk.js").ToString() : null)
    ?? throw new InvalidOperationException("Set Crm:Softphone:ScriptUrl to the Workbench SDK script (see docs/softphone.md).");
builder.Services.AddSingleton(new SoftphoneSettings(
    softphoneScript,
    builder.Configuration["Ccc:InstanceId"] ?? "",
    builder.Configuration["Ccc:RegionId"] ?? "cn-shanghai",
    emulator is not null ? new Uri(emulator.Endpoint, "/_emulator/phone") : null));

var app = builder.Build();
if (emulator is not null)
{
    app.Logger.LogInformation("Embedded CCC emulator at {Endpoint} (instance {InstanceId})", emulator.Endpoint, emulator.InstanceId);

    // The emulator's customers are simulated phones: make them answer (and one of them busy) so a call placed from
    // the CRM connects. Against the cloud, real people answer and nothing of this runs.
    var agents = await app.Services.GetRequiredService<CallDesk>().ListAgentsAsync();
    await SimulatedPhones.ConfigureAsync(
        emulator.Endpoint,
        app.Services.GetRequiredService<CustomerDirectory>().All,
        agents.Select(a => a.Mobile).OfType<string>().Where(m => m.Length > 0));
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapCallEndpoints();

// The webhook endpoint: no cookie and no antiforgery token (nothing of the sample requires them here) — each request
// is authenticated by its signature.
app.MapCccWebhooks(EmulatorWebhooks.Path);
app.MapGet("/api/history", async (CallHistoryStore history, CancellationToken ct) =>
    Results.Ok(new HistoryView(await history.ListCallsAsync(ct), await history.ListInProgressAsync(ct))));
app.MapAgentAccount();
app.MapCccWorkbenchProxy(SoftphoneSettings.ProxyPath, o =>
{
    // The origins the CRM's pages are served from: Crm:AllowedOrigins, else the addresses it listens on.
    var origins = builder.Configuration["Crm:AllowedOrigins"] ?? builder.Configuration["urls"] ?? "http://127.0.0.1:5126";
    foreach (var origin in origins.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        o.AllowedOrigins.Add(origin);
    }
});

// The recent screen-pops (what the softphone's CallComing/CallDialing handlers did), for the browser tests and the
// softphone latency run. Embedded-emulator mode only: a real CRM would not publish its agents' calls like this.
if (emulator is not null)
{
    app.MapGet("/api/screen-pops", (ScreenPopLog pops) => Results.Ok(pops.All));
}
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

try
{
    await app.StartAsync();
    if (emulator is not null)
    {
        // Point the emulator's event push at this CRM, on the address it actually listens on (Crm:Events:WebhookUrl
        // overrides it). Against the cloud, the operator subscribes the CRM's public HTTPS URL (README).
        var webhookUrl = builder.Configuration["Crm:Events:WebhookUrl"] is { Length: > 0 } configured ? new Uri(configured) : EmulatorWebhooks.WebhookUrl(app.Urls);
        await EmulatorWebhooks.SubscribeAsync(app.Services.GetRequiredService<Ccc.Sdk.CccClient>(), emulator.InstanceId, webhookUrl);
        app.Logger.LogInformation("The emulator pushes call events and CDRs to {WebhookUrl}", webhookUrl);
    }

    await app.WaitForShutdownAsync();
}
finally
{
    if (emulator is not null)
    {
        await emulator.DisposeAsync();
    }
}

