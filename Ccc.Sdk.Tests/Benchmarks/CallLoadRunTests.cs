using Ccc.Sdk.Benchmarks.CallLoad;

namespace Ccc.Sdk.Tests.Benchmarks;

/// <summary>
/// The call load run's correctness checks at a tiny scale (docs/benchmarks.md). Correctness only: speed and memory
/// are measured by the load run itself, never by a timed test.
/// </summary>
public class CallLoadRunTests
{
    [Fact]
    public async Task A_tiny_load_run_finds_exactly_one_CDR_per_call_started()
    {
        var options = new CallLoadOptions
        {
            Agents = 10,
            Concurrent = 20,
            Rate = 50,
            Seconds = 1,
            WarmUpSeconds = 0.2,
            BaselineSeconds = 0.2,
            HoldMs = 300,
        };

        var result = await CallLoadRun.RunAsync(options, TextWriter.Null);

        Assert.Equal(50, result.Calls.Sent);
        Assert.Equal(0, result.Calls.Failed);
        Assert.Equal(60, result.StartedContactIds.Count); // 10 warm-up calls + 50 measured.
        Assert.True(result.AllCallsEnded);
        Assert.Equal(result.StartedContactIds.Count, result.Records.Count);
        Assert.Equal(0, result.MissingRecords);
        Assert.Equal(0, result.DuplicateRecords);
        Assert.Equal(0, result.UnexpectedRecords);
        Assert.Equal(result.Records.Count, result.Records.Select(r => r.ContactId).Distinct(StringComparer.Ordinal).Count());
        Assert.True(result.CdrCheckPassed);
    }

    [Fact]
    public void The_CDR_check_fails_on_a_duplicated_or_a_missing_record()
    {
        var started = new[] { "job-1", "job-2", "job-3" };
        var duplicated = Result(started, ["job-1", "job-2", "job-2", "job-3"]);
        var missing = Result(started, ["job-1", "job-3"]);
        var exact = Result(started, ["job-3", "job-1", "job-2"]);

        Assert.Equal(1, duplicated.DuplicateRecords);
        Assert.False(duplicated.CdrCheckPassed);
        Assert.Equal(1, missing.MissingRecords);
        Assert.False(missing.CdrCheckPassed);
        Assert.True(exact.CdrCheckPassed);
    }

    private static CallLoadResult Result(string[] started, string[] recorded)
    {
        var phase = new PhaseResult(started.Length, 0, 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.Zero, new double[started.Length]);
        return new CallLoadResult
        {
            Options = new CallLoadOptions(),
            HoldMs = 1000,
            Baseline = phase,
            Calls = phase,
            WarmUpFailures = 0,
            WarmUpCalls = 0,
            IdleManagedMb = 1,
            IdleWorkingSetMb = 1,
            PeakManagedMb = 1,
            PeakWorkingSetAtEndOfOfferMb = 1,
            ProcessPeakWorkingSetMb = 1,
            CallPhasePeakWorkingSetMb = 1,
            LiveCallsAtPeakMeasure = 0,
            Peak = new LiveCallSample(0, 0, 0),
            AllCallsEnded = true,
            StartedContactIds = started,
            Records = recorded.Select(id => new RecordSummary(id, null, null, "Success")).ToList(),
            RecordReadDuration = TimeSpan.Zero,
            SteadyWindow = (DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1)),
        };
    }
}
