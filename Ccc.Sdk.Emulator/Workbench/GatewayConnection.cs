using System.Threading.Channels;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>
/// One WebSocket connection of the agent or phone gateway: a bounded outgoing queue that never blocks the writer. A
/// connection whose queue is full is completed and dropped (closed 1008 <c>SendQueueOverflow</c> by its hub).
/// </summary>
internal sealed class GatewayConnection
{
    /// <summary>Messages a connection may have waiting; one more and it is dropped.</summary>
    public const int QueueCapacity = 256;

    private int _overflowed;

    public Channel<byte[]> Queue { get; } = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public bool Overflowed => Volatile.Read(ref _overflowed) != 0;

    /// <summary>Cancelled when the connection is dropped for overflow.</summary>
    public CancellationTokenSource Dropped { get; } = new();

    /// <summary>Queues <paramref name="message"/>; never blocks. A full queue drops the connection.</summary>
    public void Post(byte[] message)
    {
        if (Queue.Writer.TryWrite(message) || Interlocked.Exchange(ref _overflowed, 1) != 0)
        {
            return;
        }

        Queue.Writer.TryComplete();
        // Stop a send stuck on a dead client now, off the caller's thread (Cancel runs callbacks inline).
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.Drop(), this, preferLocal: false);
    }

    public void Drop()
    {
        try
        {
            Dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // already gone
        }
    }
}
