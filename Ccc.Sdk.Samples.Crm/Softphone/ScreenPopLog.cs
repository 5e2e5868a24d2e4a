using System.Collections.Concurrent;

namespace Ccc.Sdk.Samples.Crm.Softphone;

/// <summary>One screen-pop: the softphone's CallComing or CallDialing reached .NET and the CRM looked the customer up.</summary>
/// <param name="JobId">The call's JobId.</param>
/// <param name="Direction"><c>inbound</c> (CallComing) or <c>outbound</c> (CallDialing).</param>
/// <param name="Number">The customer's number as the softphone reported it.</param>
/// <param name="CustomerId">The CRM customer found by that number, or <see langword="null"/>.</param>
/// <param name="AgentId">The signed-in agent whose softphone raised it.</param>
/// <param name="HandledAtUnixMs">When the handler ran (UTC, Unix milliseconds with a fraction).</param>
public sealed record ScreenPop(string JobId, string Direction, string? Number, string? CustomerId, string AgentId, double HandledAtUnixMs);

/// <summary>
/// The most recent screen-pops, newest last, for the page and for <c>GET /api/screen-pops</c> (the browser tests and the
/// softphone latency run read it). Thread-safe, bounded.
/// </summary>
public sealed class ScreenPopLog
{
    /// <summary>How many screen-pops are kept.</summary>
    public const int Capacity = 1000;

    private readonly ConcurrentQueue<ScreenPop> _pops = new();

    /// <summary>Adds one (the oldest goes when full).</summary>
    /// <param name="pop">The screen-pop.</param>
    public void Add(ScreenPop pop)
    {
        _pops.Enqueue(pop);
        while (_pops.Count > Capacity && _pops.TryDequeue(out _))
        {
        }
    }

    /// <summary>The screen-pops kept, oldest first.</summary>
    public IReadOnlyList<ScreenPop> All => [.. _pops];

    /// <summary>The current time as <see cref="ScreenPop.HandledAtUnixMs"/> counts it.</summary>
    /// <param name="time">The clock.</param>
    /// <returns>Unix milliseconds with a fraction.</returns>
    public static double Now(TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;
}
