using System.Globalization;

namespace Ccc.Sdk.Benchmarks.CallLoad;

/// <summary>
/// Settings of the call load run (<c>dotnet run -c Release --project Ccc.Sdk.Benchmarks -- calls-load</c>, see
/// docs/benchmarks.md). Rates are calls per second, times in seconds unless the name says milliseconds.
/// </summary>
internal sealed class CallLoadOptions
{
    /// <summary>Agents signed in to the one skill group, READY, auto-answering at once.</summary>
    public int Agents { get; set; } = 200;

    /// <summary>Calls the run aims to hold in the system at once (IVR, queue, ringing or talking).</summary>
    public int Concurrent { get; set; } = 1000;

    /// <summary>How long inbound calls are offered, in seconds.</summary>
    public double Seconds { get; set; } = 20;

    /// <summary>Offered inbound calls per second (open loop): 25 % above the 200/s goal, so the goal is met with a margin or not at all.</summary>
    public double Rate { get; set; } = 250;

    /// <summary>How long the bare-HTTP baseline runs at the same rate, in seconds.</summary>
    public double BaselineSeconds { get; set; } = 10;

    /// <summary>How long each path is driven at the same rate before it is measured (JIT, tiering, connections), in seconds.</summary>
    public double WarmUpSeconds { get; set; } = 2;

    /// <summary>
    /// How long a customer stays on the line, counted from IVR entry, in milliseconds; 0 = 1.1 × Concurrent / Rate,
    /// so that about <see cref="Concurrent"/> calls (a little more) are in the system in the steady state.
    /// </summary>
    public long HoldMs { get; set; }

    /// <summary>Requests the driver keeps in flight at most; beyond it the driver falls behind (reported).</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>Goal: calls reaching TALKING per second over the steady window.</summary>
    public double GoalSetupsPerSecond { get; set; } = 200;

    /// <summary>Goal: the process's peak working set, in MB (1 MB = 1 048 576 bytes).</summary>
    public double GoalPeakWorkingSetMb { get; set; } = 300;

    /// <summary>The customer hold time actually used, in milliseconds.</summary>
    public long EffectiveHoldMs => HoldMs > 0 ? HoldMs : (long)Math.Ceiling(1.1 * Concurrent / Rate * 1000);

    /// <summary>Calls the run offers in total.</summary>
    public int TotalCalls => (int)Math.Round(Rate * Seconds);

    /// <summary>Reads <c>--agents N --concurrent N --seconds S --rate R --baseline-seconds S --warm-up-seconds S --hold-ms MS --max-in-flight N --goal-setups R --goal-mb MB</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a value that is not a positive number.</exception>
    public static CallLoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CallLoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"Option '{name}' needs a value.");
            }

            var text = args[++i];
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new ArgumentException($"Option '{name}' needs a positive number, not '{text}'.");
            }

            switch (name)
            {
                case "--agents": options.Agents = (int)value; break;
                case "--concurrent": options.Concurrent = (int)value; break;
                case "--seconds": options.Seconds = value; break;
                case "--rate": options.Rate = value; break;
                case "--baseline-seconds": options.BaselineSeconds = value; break;
                case "--warm-up-seconds": options.WarmUpSeconds = value; break;
                case "--hold-ms": options.HoldMs = (long)value; break;
                case "--max-in-flight": options.MaxInFlight = (int)value; break;
                case "--goal-setups": options.GoalSetupsPerSecond = value; break;
                case "--goal-mb": options.GoalPeakWorkingSetMb = value; break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (options.Agents > 9999)
        {
            throw new ArgumentException("At most 9999 agents.");
        }

        return options;
    }
}
