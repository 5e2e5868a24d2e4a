using System.Diagnostics;

namespace Ccc.Sdk.Benchmarks.CallLoad;

/// <summary>
/// Sends requests at a fixed rate whatever the answers' speed (open loop), so a slow server shows up as latency and
/// backlog instead of silently lowering the offered rate. Latency counts from each request's planned send time,
/// so a driver that falls behind cannot hide the delay (no coordinated omission).
/// </summary>
internal static class OpenLoopDriver
{
    /// <summary>Sends <paramref name="count"/> requests at <paramref name="rate"/> per second.</summary>
    /// <param name="count">Requests to send.</param>
    /// <param name="rate">Requests per second.</param>
    /// <param name="maxInFlight">Requests in flight at most; the next waits when the limit is reached.</param>
    /// <param name="send">Sends request <c>i</c>; returns false (or throws) when it failed.</param>
    /// <param name="cancellationToken">Stops sending.</param>
    public static async Task<PhaseResult> RunAsync(int count, double rate, int maxInFlight, Func<int, Task<bool>> send, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var failures = 0;
        var waitedForSlot = 0;
        using var slots = new SemaphoreSlim(maxInFlight);
        var tasks = new List<Task>(count);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var ahead = due - clock.Elapsed;
            if (ahead > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(ahead, cancellationToken).ConfigureAwait(false);
            }

            if (!slots.Wait(0))
            {
                waitedForSlot++;
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var index = i;
            tasks.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        if (!await send(index).ConfigureAwait(false))
                        {
                            Interlocked.Increment(ref failures);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                    finally
                    {
                        latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
                        slots.Release();
                    }
                },
                CancellationToken.None));
        }

        var sentIn = clock.Elapsed;
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new PhaseResult(count, failures, waitedForSlot, sentIn, clock.Elapsed, cpu, latencies)
        {
            GcPause = GC.GetTotalPauseDuration() - pauseBefore,
            Gen2Collections = GC.CollectionCount(2) - gen2Before,
            AllocatedBytes = GC.GetTotalAllocatedBytes() - allocatedBefore,
        };
    }
}

/// <summary>What one open-loop phase did.</summary>
/// <param name="Sent">Requests sent.</param>
/// <param name="Failed">Requests that failed (error status, bad body, transport error).</param>
/// <param name="WaitedForSlot">Requests that waited because the in-flight limit was reached (the driver fell behind).</param>
/// <param name="SendDuration">From the first to the last send.</param>
/// <param name="TotalDuration">From the first send to the last answer.</param>
/// <param name="ProcessCpu">CPU time of the whole process (driver and emulator) during the phase.</param>
/// <param name="LatenciesMs">Per request: milliseconds from its planned send time to its answer.</param>
internal sealed record PhaseResult(int Sent, int Failed, int WaitedForSlot, TimeSpan SendDuration, TimeSpan TotalDuration, TimeSpan ProcessCpu, double[] LatenciesMs)
{
    /// <summary>Time the whole process was paused for garbage collections during the phase.</summary>
    public TimeSpan GcPause { get; init; }

    /// <summary>Full (generation 2) collections during the phase.</summary>
    public int Gen2Collections { get; init; }

    /// <summary>Bytes the whole process allocated during the phase.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Bytes the whole process allocated per request, in KB (1 024 bytes).</summary>
    public double AllocatedKbPerRequest => AllocatedBytes / 1024.0 / Math.Max(Sent, 1);

    /// <summary>Requests sent per second over the send duration.</summary>
    public double OfferedPerSecond => Sent / Math.Max(SendDuration.TotalSeconds, 1e-9);

    /// <summary>Process CPU time per request, in microseconds.</summary>
    public double CpuMicrosecondsPerRequest => ProcessCpu.TotalMilliseconds * 1000 / Math.Max(Sent, 1);

    /// <summary>The latency at quantile <paramref name="q"/> (0..1), in milliseconds.</summary>
    public double Percentile(double q)
    {
        if (LatenciesMs.Length == 0)
        {
            return 0;
        }

        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
