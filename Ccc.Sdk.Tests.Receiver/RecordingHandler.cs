using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Events;

namespace Ccc.Sdk.Tests.Receiver;

/// <summary>Records each event once (keyed by <see cref="CccEventDelivery.DedupeKey"/>) and every invocation.</summary>
internal sealed class RecordingHandler(ResultsStore results, ReceiverSettings settings) : ICccEventHandler
{
    public Task HandleAsync(CccEvent e, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The dispatcher calls the overload with the delivery.");

    public Task HandleAsync(CccEvent e, CccEventDelivery delivery, CancellationToken cancellationToken) =>
        results.RecordAsync(delivery, settings.Name, cancellationToken);
}
