using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>One named receiver's parts, shared by its endpoint and its hosted service: options, verifier, store.</summary>
internal sealed class CccWebhookReceiver
{
    private readonly Lock _lock = new();
    private Task? _initialized;

    public CccWebhookReceiver(string name, IServiceProvider services)
    {
        Name = name;
        Options = services.GetRequiredService<IOptionsMonitor<CccWebhookOptions>>().Get(name);
        Options.Validate();
        Time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        Verifier = new CccWebhookVerifier(Options.Secrets, Options.Tolerance, Time);
        Inbox = services.GetRequiredKeyedService<ICccEventInbox>(name);
        Logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Ccc.Sdk.AspNetCore.Webhooks");
    }

    public string Name { get; }

    public CccWebhookOptions Options { get; }

    public TimeProvider Time { get; }

    public CccWebhookVerifier Verifier { get; }

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
