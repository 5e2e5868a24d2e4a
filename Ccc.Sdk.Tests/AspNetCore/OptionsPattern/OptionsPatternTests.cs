using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.AspNetCore.OAuth;
using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.Tests.AspNetCore.OptionsPattern;

/// <summary>
/// Options one way everywhere (decision 0023): for the client, the webhook receiver, the dispatcher, the reconciler, the
/// workbench proxy and the OAuth sign-in, <c>Add*</c> binds the options from a configuration section, validates them
/// when the host starts (an <see cref="OptionsValidationException"/> naming the property, never a secret's value), and
/// <c>Map*</c> without its <c>Add*</c> says which call is missing.
/// </summary>
public sealed class OptionsPatternTests
{
    private static IConfigurationSection Section(string path, params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(path + ":" + v.Key, v.Value)))
            .Build()
            .GetSection(path);

    private static WebApplicationBuilder Builder(string environment = "Production")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>Builds the application and starts it, which must fail on the options' validation; returns its failures.</summary>
    private static async Task<IReadOnlyList<string>> StartFailuresAsync(WebApplicationBuilder builder)
    {
        await using var app = builder.Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        var failures = (error is AggregateException all ? all.Flatten().InnerExceptions : [error])
            .Select(e => Assert.IsType<OptionsValidationException>(e))
            .SelectMany(e => e.Failures)
            .ToList();
        Assert.NotEmpty(failures);
        return failures;
    }

    private static async Task StartsAsync(WebApplicationBuilder builder)
    {
        await using var app = builder.Build();
        await app.StartAsync();
        await app.StopAsync();
    }

    // The client (AddCcc).

    [Fact]
    public void Client_options_bind_from_a_section()
    {
        var services = new ServiceCollection().AddCcc(Section("Ccc", ("RegionId", "cn-beijing"), ("InstanceId", "ccc-a"), ("Timeout", "00:00:07"), ("Retry:MaxRetries", "2")));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<CccClientOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

        Assert.Equal(("cn-beijing", "ccc-a", TimeSpan.FromSeconds(7), 2), (options.RegionId, options.InstanceId, options.Timeout, options.Retry.MaxRetries));
    }

    [Fact]
    public async Task Client_options_with_a_bad_value_fail_the_start_naming_the_property_not_the_secret()
    {
        var builder = Builder();
        builder.Services.AddCcc(Section("Ccc", ("Timeout", "00:00:00"), ("AccessKeyId", "LTAI5tKey"), ("AccessKeySecret", "pasted secret-value")));

        var failures = await StartFailuresAsync(builder);

        Assert.Contains(failures, f => f.StartsWith("CccClientOptions.Timeout:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("CccClientOptions.AccessKeySecret:", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_that_was_not_added_names_the_missing_call()
    {
        using var provider = new ServiceCollection().AddCcc(o => o.InstanceId = "ccc-a").BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICccClientFactory>().CreateClient("beijing"));

        Assert.Contains("services.AddCcc(\"beijing\"", error.Message, StringComparison.Ordinal);
    }

    // The webhook receiver (AddCccWebhooks + MapCccWebhooks).

    [Fact]
    public void Webhook_options_bind_from_a_section()
    {
        string secret = CccWebhookSigner.NewSecret();
        var services = new ServiceCollection();
        services.AddCccWebhooks(Section("Ccc:Webhooks", ("Secrets:0", secret), ("Store", "InMemory"), ("Tolerance", "00:01:30"), ("MaxBodyBytes", "4096")));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<CccWebhookOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

        Assert.Equal([secret], options.Secrets);
        Assert.Equal((TimeSpan.FromSeconds(90), 4096L), (options.Tolerance, options.MaxBodyBytes));
        Assert.IsType<InMemoryCccEventInbox>(provider.GetRequiredService<ICccEventInbox>());
    }

    [Fact]
    public async Task Webhook_options_with_bad_values_fail_the_start_naming_each_property_not_the_secret()
    {
        const string ShortSecret = "whsec_c2hvcnQta2V5"; // "short-key": 9 bytes
        var builder = Builder();
        builder.Services.AddCccWebhooks(Section("Ccc:Webhooks", ("Secrets:0", ShortSecret), ("MaxBodyBytes", "0x10")), o => o.UseInMemory());

        var failures = await StartFailuresAsync(builder);

        Assert.Contains(failures, f => f.Contains("CccWebhookOptions.Secrets", StringComparison.Ordinal) && f.Contains("too short", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Ccc:Webhooks:MaxBodyBytes", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(ShortSecret, StringComparison.Ordinal) || f.Contains("c2hvcnQta2V5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_without_a_store_fails_the_start_saying_which_package_to_add()
    {
        var builder = Builder();
        builder.Services.AddCccWebhooks(Section("Ccc:Webhooks", ("Secrets:0", CccWebhookSigner.NewSecret()), ("Store", "Postgres")));

        var failures = await StartFailuresAsync(builder);

        Assert.Contains(failures, f => f.Contains("Ccc.Sdk.AspNetCore.PostgreSql", StringComparison.Ordinal) && f.Contains("UsePostgres", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mapping_the_receiver_does_not_read_its_options_the_start_does()
    {
        var builder = Builder();
        builder.Services.AddCccWebhooks(o => o.UseInMemory()); // no secret: invalid
        await using var app = builder.Build();

        app.MapCccWebhooks("/ccc/events"); // maps without throwing
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("CccWebhookOptions.Secrets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mapping_the_receiver_without_adding_it_names_the_missing_call()
    {
        await using var app = Builder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapCccWebhooks("/ccc/events"));

        Assert.Contains("services.AddCccWebhooks(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_packages_read_their_settings_from_a_section()
    {
        string file = Path.Combine(Path.GetTempPath(), "ccc-options-" + Guid.NewGuid().ToString("N") + ".db");
        var services = new ServiceCollection();
        var section = Section("Ccc:Webhooks", ("Secrets:0", CccWebhookSigner.NewSecret()), ("Store", "Sqlite"), ("Sqlite:Path", file));
        services.AddCccWebhooks(section, o => o.UseSqlite(section.GetSection("Sqlite")));
        await using var provider = services.BuildServiceProvider();

        var inbox = Assert.IsType<SqliteCccEventInbox>(provider.GetRequiredService<ICccEventInbox>());
        var missing = Assert.Throws<InvalidOperationException>(() => new CccWebhookOptions().UsePostgres(Section("Ccc:Webhooks:Postgres", ("Table", "t"))));

        Assert.Equal(file, inbox.Path);
        Assert.Contains("Ccc:Webhooks:Postgres:ConnectionString", missing.Message, StringComparison.Ordinal);
    }

    // The dispatcher (AddDispatcher) and the reconciler (AddReconciliation).

    [Fact]
    public void Dispatcher_and_reconciler_options_bind_from_sections()
    {
        var services = new ServiceCollection();
        services.AddCccWebhooks(o => o.UseInMemory().Secrets.Add(CccWebhookSigner.NewSecret()))
            .AddDispatcher(Section("Ccc:Webhooks:Dispatch", ("MaxConcurrency", "3"), ("HandlerTimeout", "00:00:30"), ("ClientName", "events")))
            .AddReconciliation(Section("Ccc:Webhooks:Reconciliation", ("Interval", "00:10:00"), ("InstanceId", "ccc-b")));
        using var provider = services.BuildServiceProvider();

        var dispatch = provider.GetRequiredService<IOptionsMonitor<CccEventDispatchOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);
        var sweep = provider.GetRequiredService<IOptionsMonitor<CccReconciliationOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

        Assert.Equal((3, TimeSpan.FromSeconds(30), "events"), (dispatch.MaxConcurrency, dispatch.HandlerTimeout, dispatch.ClientName));
        Assert.Equal((TimeSpan.FromMinutes(10), "ccc-b"), (sweep.Interval, sweep.InstanceId));
    }

    [Fact]
    public async Task Dispatcher_options_with_a_bad_value_fail_the_start_naming_the_property()
    {
        var builder = Builder();
        builder.Services.AddCccWebhooks(o => o.UseInMemory().Secrets.Add(CccWebhookSigner.NewSecret()))
            .AddDispatcher(Section("Ccc:Webhooks:Dispatch", ("MaxConcurrency", "0")));

        var failures = await StartFailuresAsync(builder);

        Assert.Equal(["CccEventDispatchOptions.MaxConcurrency must be at least 1."], failures);
    }

    [Fact]
    public async Task Reconciliation_options_with_a_bad_value_fail_the_start_naming_the_property()
    {
        var builder = Builder();
        builder.Services.AddCccWebhooks(o => o.UseInMemory().Secrets.Add(CccWebhookSigner.NewSecret()))
            .AddReconciliation(o => o.Lookback = TimeSpan.FromMinutes(1));

        var failures = await StartFailuresAsync(builder);

        Assert.Equal(["CccReconciliationOptions.Lookback must be longer than Delay."], failures);
    }

    [Fact]
    public async Task Valid_dispatcher_and_reconciler_options_start()
    {
        var builder = Builder();
        builder.Services.AddCcc(o => { o.Endpoint = new Uri("http://127.0.0.1:9"); o.InstanceId = "ccc-a"; o.AccessKeyId = "LTAI5tKey"; o.AccessKeySecret = "secret"; });
        builder.Services.AddCccWebhooks(o => o.UseInMemory().Secrets.Add(CccWebhookSigner.NewSecret()))
            .AddDispatcher(o => o.MaxConcurrency = 2)
            .AddReconciliation(o => o.Interval = TimeSpan.FromHours(1));

        await StartsAsync(builder);
    }

    // The workbench proxy (AddCccWorkbenchProxy + MapCccWorkbenchProxy).

    [Fact]
    public void Proxy_options_bind_from_a_section()
    {
        var services = new ServiceCollection().AddCccWorkbenchProxy(Section("Ccc:WorkbenchProxy",
            ("AllowedOrigins:0", "https://crm.example.com"), ("InstanceId", "ccc-c"), ("RateLimitPermitLimit", "5"), ("AllowedActions:0", "SignInGroup")));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<CccWorkbenchProxyOptions>>().Value;

        Assert.Equal(["https://crm.example.com"], options.AllowedOrigins);
        Assert.Equal(("ccc-c", 5), (options.InstanceId, options.RateLimitPermitLimit));
        Assert.Contains("SignInGroup", options.AllowedActions); // added to the default list
        Assert.Contains("GetLoginDetails", options.AllowedActions);
    }

    [Fact]
    public async Task Proxy_options_without_origins_fail_the_start_outside_development()
    {
        var builder = Builder();
        builder.Services.AddCccWorkbenchProxy(Section("Ccc:WorkbenchProxy", ("RateLimitPermitLimit", "-1")));

        var failures = await StartFailuresAsync(builder);

        Assert.Contains(failures, f => f.StartsWith("CccWorkbenchProxyOptions.AllowedOrigins", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("CccWorkbenchProxyOptions.RateLimitPermitLimit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Proxy_options_without_origins_start_in_development()
    {
        var builder = Builder("Development");
        builder.Services.AddCccWorkbenchProxy(o => o.ValidateAntiforgeryToken = false);

        await StartsAsync(builder);
    }

    [Fact]
    public async Task Mapping_the_proxy_without_adding_it_names_the_missing_call()
    {
        await using var app = Builder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapCccWorkbenchProxy("/ccc/workbench-api"));

        Assert.Contains("services.AddCccWorkbenchProxy(", error.Message, StringComparison.Ordinal);
    }

    // The OAuth sign-in (AddCccOAuth + AddCccOAuthSignIn + MapCccOAuthSignIn).

    [Fact]
    public void OAuth_options_bind_from_sections()
    {
        var services = new ServiceCollection()
            .AddCccOAuth(Section("Ccc:OAuth", ("ClientId", "crm"), ("ClientSecret", "s3cr3t"), ("Issuer", "https://oauth.aliyun.com"), ("Scopes:0", "/acs/ccc"), ("RefreshMargin", "00:02:00")))
            .AddCccOAuthSignIn(Section("Ccc:OAuth:SignIn", ("PublicBaseUri", "https://crm.example.com"), ("AccountLifetime", "1.00:00:00"), ("DefaultReturnUrl", "/calls")));
        using var provider = services.BuildServiceProvider();

        var oauth = provider.GetRequiredService<CccOAuthApplication>().Options;
        var signIn = provider.GetRequiredService<IOptions<CccOAuthSignInOptions>>().Value;

        Assert.Equal(("crm", new Uri("https://oauth.aliyun.com"), TimeSpan.FromMinutes(2)), (oauth.ClientId, oauth.Issuer, oauth.RefreshMargin));
        Assert.Equal(["/acs/ccc"], oauth.Scopes);
        Assert.Equal((new Uri("https://crm.example.com"), TimeSpan.FromDays(1), "/calls"), (signIn.PublicBaseUri, signIn.AccountLifetime, signIn.DefaultReturnUrl));
    }

    [Fact]
    public async Task OAuth_options_with_a_bad_value_fail_the_start_naming_the_property_not_the_secret()
    {
        var builder = Builder();
        builder.Services.AddCccOAuth(Section("Ccc:OAuth", ("ClientId", "crm"), ("ClientSecret", "very-secret-value"), ("Issuer", "http://oauth.example.com")));

        var failures = await StartFailuresAsync(builder);

        Assert.Contains(failures, f => f.Contains("CccOAuthOptions.Issuer", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("very-secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_in_options_without_a_redirect_uri_fail_the_start_outside_development()
    {
        var builder = Builder();
        builder.Services.AddCccOAuthSignIn(Section("Ccc:OAuth:SignIn", ("CorrelationLifetime", "00:00:00")));

        var failures = await StartFailuresAsync(builder);

        Assert.Contains(failures, f => f.StartsWith("CccOAuthSignInOptions.RedirectUri", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("CccOAuthSignInOptions.CorrelationLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mapping_the_sign_in_without_its_registrations_names_the_missing_call()
    {
        await using var bare = Builder().Build();
        var noOAuth = Assert.Throws<InvalidOperationException>(() => bare.MapCccOAuthSignIn("/ccc/oauth"));

        var builder = Builder();
        builder.Services.AddCccOAuth(o => { o.ClientId = "crm"; o.ClientSecret = "s"; o.Issuer = new Uri("https://oauth.aliyun.com"); });
        await using var app = builder.Build();
        var noSignIn = Assert.Throws<InvalidOperationException>(() => app.MapCccOAuthSignIn("/ccc/oauth"));

        Assert.Contains("services.AddCccOAuth(", noOAuth.Message, StringComparison.Ordinal);
        Assert.Contains("services.AddCccOAuthSignIn(", noSignIn.Message, StringComparison.Ordinal);
    }
}
