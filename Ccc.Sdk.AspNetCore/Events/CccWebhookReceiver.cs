using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>One named receiver's parts (its options validated by <c>CccWebhookOptionsValidator</c> when read), shared by its endpoint and its hosted service: options, authenticator, store.</summary>
internal sealed class CccWebhookReceiver
{
    private readonly Lock _lock = new();
    private Task? _initialized;

    public CccWebhookReceiver(string name, IServiceProvider services)
    {
        Name = name;
        Options = services.GetRequiredService<IOptionsMonitor<CccWebhookOptions>>().Get(name);
        Time = services.GetService<TimeProvider>() ?? TimeProvider.System;

        // Chosen in the options, else a keyed service of the receiver's name, else Standard Webhooks (the default).
        var chosen = Options.AuthenticatorFactory?.Invoke(services)
            ?? (Options.StandardWebhooksChosen ? null : services.GetKeyedService<ICccWebhookAuthenticator>(name));
        Authenticator = chosen ?? new CccStandardWebhooksAuthenticator(new CccWebhookVerifier(Options.Secrets, Options.Tolerance, Time));
        Inbox = services.GetRequiredKeyedService<ICccEventInbox>(name);
        Logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Ccc.Sdk.AspNetCore.Webhooks");
    }

    public string Name { get; }

    public CccWebhookOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>Decides whether a delivery is authentic (<see cref="CccStandardWebhooksAuthenticator"/> by default).</summary>
    public ICccWebhookAuthenticator Authenticator { get; }

    public ICccEventInbox Inbox { get; }

    public ILogger Logger { get; }

    /// <summary>Creates the schema once (at start, or at the first delivery if that comes first); a failure is retried next time.</summary>
    public Task EnsureInitializedAsync()
    {
        lock (_lock)
        {
            if (_initialized is null || _initialized.IsFaulted || _initialized.IsCanceled)
            {
                _initialized = Inbox.InitializeAsync(CancellationToken.None);
            }

            return _initialized;
        }
    }
}
