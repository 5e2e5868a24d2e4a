using System.Globalization;

namespace Ccc.Sdk.Benchmarks.SoftphoneLatency;

/// <summary>Options of <c>softphone-latency</c> (docs/benchmarks.md).</summary>
public sealed class SoftphoneLatencyOptions
{
    /// <summary>Measured calls per path (the softphone and the baseline each get this many).</summary>
    public int Calls { get; set; } = 60;

    /// <summary>Calls per path before measuring (JIT, connections, the Blazor circuit).</summary>
    public int WarmUpCalls { get; set; } = 5;

    /// <summary>Goal for the softphone path's median, in milliseconds.</summary>
    public double GoalP50Ms { get; set; } = 100;

    /// <summary>Goal for the softphone path's 95th percentile, in milliseconds.</summary>
    public double GoalP95Ms { get; set; } = 250;

    /// <summary>Which of the emulator's Workbench scripts the sample CRM loads, so which bridge adapter runs: <c>2.x</c>
    /// (<c>/workbench/workbenchSdk.js</c>, <c>new WorkbenchSdk</c>) or <c>3.x</c> (<c>/workbench/v3/core.min.js</c>,
    /// <c>new CCCWorkbenchSDK</c>).</summary>
    public string Generation { get; set; } = "2.x";

    /// <summary>The path of the emulator's script for <see cref="Generation"/>.</summary>
    public string ScriptPath => Generation == "3.x" ? "/workbench/v3/core.min.js" : "/workbench/workbenchSdk.js";

    /// <summary>Parses <c>--calls N --warm-up N --goal-p50 MS --goal-p95 MS --generation 2.x|3.x</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static SoftphoneLatencyOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SoftphoneLatencyOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--calls": options.Calls = Positive(name, value); break;
                case "--warm-up": options.WarmUpCalls = NonNegative(name, value); break;
                case "--goal-p50": options.GoalP50Ms = Positive(name, value); break;
                case "--goal-p95": options.GoalP95Ms = Positive(name, value); break;
                case "--generation": options.Generation = value is "2.x" or "3.x" ? value : throw new ArgumentException($"--generation must be 2.x or 3.x, not '{value}'."); break;
                default: throw new ArgumentException($"Unknown option {name}. Options: --calls N (60), --warm-up N (5), --goal-p50 MS (100), --goal-p95 MS (250), --generation 2.x|3.x (2.x).");
            }
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw new ArgumentException($"{name} must be a whole number, not '{value}'.");
}
