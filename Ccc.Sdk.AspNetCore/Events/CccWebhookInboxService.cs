using Microsoft.Extensions.Hosting;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Creates the inbox schema when the host starts, then applies retention every
/// <see cref="CccWebhookOptions.RetentionInterval"/> (<see cref="ICccEventInbox.PurgeAsync"/>).</summary>
internal sealed class CccWebhookInboxService(CccWebhookReceiver receiver) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await receiver.EnsureInitializedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = receiver.Options;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.RetentionInterval, receiver.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var now = receiver.Time.GetUtcNow();
                int count = await receiver.Inbox.PurgeAsync(now - options.DoneRetention, now - options.DeadLetterRetention, stoppingToken).ConfigureAwait(false);
                if (count > 0)
                {
                    WebhookLog.Purged(receiver.Logger, count);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                WebhookLog.PurgeFailed(receiver.Logger, ex);
            }
        }
    }
}
