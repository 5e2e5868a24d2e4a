using BenchmarkDotNet.Running;
using Ccc.Sdk.Benchmarks.CallLoad;
using Ccc.Sdk.Benchmarks.ClientThroughput;
using Ccc.Sdk.Benchmarks.ScreenPopLatency;
using Ccc.Sdk.Benchmarks.SoftphoneLatency;
using Ccc.Sdk.Benchmarks.WebhookLoad;

namespace Ccc.Sdk.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Ccc.Sdk.Benchmarks -- --filter '*'</c>; every benchmark class has its
/// baseline in the same run, so results are read as ratios (docs/benchmarks.md).
/// <c>-- calls-load [--agents 200] [--concurrent 1000] [--seconds 20] [--rate 250]</c> runs the call load run
/// instead; it exits with 1 when a goal is not met and 2 on bad options. <c>-- softphone-latency [--calls 60]</c> measures
/// dial → the sample CRM's .NET CallComing handler in headless Chromium, against the agent gateway alone.
/// <c>-- screen-pop-latency [--calls 60] [--warm-up 5] [--goal-p95 150]</c> measures an inbound call placed → the
/// customer's name visible in the sample CRM's screen-pop, against its bare CallComing handler on the same calls.
/// <c>-- webhooks-load</c> measures signed webhooks into the SQLite and PostgreSQL inboxes against a receiver that stores nothing.
/// <c>-- client-throughput [--concurrency 16] [--seconds 10] [--warm-up 2] [--rounds 3]</c> compares CccClient's calls per
/// second with Alibaba's Node.js client against one out-of-process emulator, side by side.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "calls-load")
        {
            CallLoadOptions options;
            try
            {
                options = CallLoadOptions.Parse(args[1..]);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            var result = await CallLoadRun.RunAsync(options, Console.Error).ConfigureAwait(false);
            Console.WriteLine(result.ToMarkdown());
            Console.WriteLine(result.AllGoalsMet ? "All goals met." : "A goal is NOT met.");
            return result.AllGoalsMet ? 0 : 1;
        }

        if (args.Length > 0 && args[0] == "softphone-latency")
        {
            SoftphoneLatencyOptions options;
            try
            {
                options = SoftphoneLatencyOptions.Parse(args[1..]);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            var result = await SoftphoneLatencyRun.RunAsync(options, Console.Error).ConfigureAwait(false);
            Console.WriteLine(result.ToMarkdown());
            return result.GoalsMet ? 0 : 1;
        }

        if (args.Length > 0 && args[0] == "screen-pop-latency")
        {
            return await ScreenPopLatencyRun.CommandAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "webhooks-load")
        {
            WebhookLoadOptions options;
            try
            {
                options = WebhookLoadOptions.Parse(args[1..]);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            var result = await WebhookLoadRun.RunAsync(options, Console.Error).ConfigureAwait(false);
            Console.WriteLine(result.ToMarkdown());
            return result.GoalsMet ? 0 : 1;
        }

        if (args.Length > 0 && args[0] == "client-throughput")
        {
            ClientThroughputOptions options;
            try
            {
                options = ClientThroughputOptions.Parse(args[1..]);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            var result = await ClientThroughputRun.RunAsync(options, Console.Error).ConfigureAwait(false);
            Console.WriteLine(result.ToMarkdown());
            Console.WriteLine(result.GoalMet ? "Goal met." : "The goal is NOT met.");
            return result.GoalMet ? 0 : 1;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
