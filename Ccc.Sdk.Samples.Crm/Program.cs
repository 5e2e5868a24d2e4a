using Ccc.Sdk.Emulator;
using Ccc.Sdk.Samples.Crm;
using Ccc.Sdk.Samples.Crm.Calls;
using Ccc.Sdk.Samples.Crm.Components;
using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Emulator;

var builder = WebApplication.CreateBuilder(args);

// By default the CRM talks to an emulator of the cloud started inside this process, so `dotnet run` needs no
// cloud account. Set Crm:UseEmbeddedEmulator=false and fill the "Ccc" section (or the ALIBABA_CLOUD_* environment
// variables) to talk to the real service instead.
CccEmulator? emulator = null;
if (builder.Configuration.GetValue("Crm:UseEmbeddedEmulator", true))
{
    emulator = await CccEmulator.StartAsync(new CccEmulatorOptions
    {
        Urls = builder.Configuration["Crm:EmulatorUrls"] ?? "http://127.0.0.1:0",
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
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

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
app.UseAntiforgery();
app.MapStaticAssets();
app.MapCallEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

try
{
    await app.RunAsync();
}
finally
{
    if (emulator is not null)
    {
        await emulator.DisposeAsync();
    }
}

