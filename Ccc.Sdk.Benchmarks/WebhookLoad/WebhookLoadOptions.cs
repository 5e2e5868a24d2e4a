using System.Globalization;

namespace Ccc.Sdk.Benchmarks.WebhookLoad;

/// <summary>Options of <c>webhooks-load</c> (docs/benchmarks.md).</summary>
public sealed class WebhookLoadOptions
{
    /// <summary>Length of each store's throughput phase, in seconds.</summary>
    public double Seconds { get; set; } = 10;

    /// <summary>Requests in flight during a throughput phase.</summary>
    public int Concurrency { get; set; } = 64;

    /// <summary>Fixed rate of each latency phase, events per second.</summary>
    public double Rate { get; set; } = 1000;

    /// <summary>Length of each latency phase, in seconds.</summary>
    public double LatencySeconds { get; set; } = 10;

    /// <summary>Warm-up before each phase, in seconds.</summary>
    public double WarmUpSeconds { get; set; } = 2;

    /// <summary>Whether to run the PostgreSQL store (needs Debian's postgresql package or CCC_TEST_POSTGRES).</summary>
    public bool Postgres { get; set; } = true;

    /// <summary>Goal: events per second into SQLite.</summary>
    public double GoalSqlite { get; set; } = 3000;

    /// <summary>Goal: events per second into PostgreSQL.</summary>
    public double GoalPostgres { get; set; } = 2000;

    /// <summary>Goal: 99th percentile of the time to 2xx at <see cref="Rate"/>, in milliseconds.</summary>
    public double GoalP99Ms { get; set; } = 50;

    /// <summary>Parses <c>--seconds S --concurrency N --rate R --latency-seconds S --warm-up S --no-postgres</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static WebhookLoadOptions Parse(IReadOnlyList<string> args)
    {
        var o = new WebhookLoadOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == "--no-postgres")
            {
                o.Postgres = false;
                continue;
            }

            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--seconds": o.Seconds = Positive(name, value); break;
                case "--concurrency": o.Concurrency = (int)Positive(name, value); break;
                case "--rate": o.Rate = Positive(name, value); break;
                case "--latency-seconds": o.LatencySeconds = Positive(name, value); break;
                case "--warm-up": o.WarmUpSeconds = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double w) && w >= 0 ? w : throw new ArgumentException($"{name} must be 0 or more."); break;
                case "--goal-sqlite": o.GoalSqlite = Positive(name, value); break;
                case "--goal-postgres": o.GoalPostgres = Positive(name, value); break;
                case "--goal-p99": o.GoalP99Ms = Positive(name, value); break;
                default:
                    throw new ArgumentException($"Unknown option {name}. Options: --seconds 10 --concurrency 64 --rate 1000 --latency-seconds 10 --warm-up 2 --no-postgres --goal-sqlite 3000 --goal-postgres 2000 --goal-p99 50.");
            }
        }

        return o;
    }

    private static double Positive(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive number, not '{value}'.");
}
