using System.Globalization;

namespace Ccc.Sdk.Benchmarks.ClientThroughput;

/// <summary>Settings of the client throughput run (<c>client-throughput</c>).</summary>
public sealed class ClientThroughputOptions
{
    /// <summary>Calls in flight on each side (each sends its next call when the previous one answered).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Measured seconds per side and round.</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>Unmeasured seconds before each side's window (connections opened, code jitted).</summary>
    public double WarmUpSeconds { get; init; } = 2;

    /// <summary>Rounds (each runs the .NET side, then the Node.js side); the median ratio is the result.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>The goal: CccClient's calls per second divided by the Node.js client's, median over the rounds.</summary>
    public double GoalRatio { get; init; } = 1.5;

    /// <summary>Parses <c>--concurrency 16 --seconds 10 --warm-up 2 --rounds 3</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a value out of range.</exception>
    public static ClientThroughputOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int concurrency = 16, rounds = 3;
        double seconds = 10, warmUp = 2;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--concurrency":
                    concurrency = Int(name, value, 1, 1024);
                    break;
                case "--rounds":
                    rounds = Int(name, value, 1, 20);
                    break;
                case "--seconds":
                    seconds = Double(name, value, 0.1, 600);
                    break;
                case "--warm-up":
                    warmUp = Double(name, value, 0, 60);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {name}. Options: --concurrency N --seconds S --warm-up S --rounds N.");
            }
        }

        return new ClientThroughputOptions { Concurrency = concurrency, Rounds = rounds, Seconds = seconds, WarmUpSeconds = warmUp };
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}.");

    private static double Double(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a number from {min} to {max}.");
}
