using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Ccc.Sdk.Tests.Calls.Scenarios;

/// <summary>
/// <see cref="CccClient.DownloadRecordingsAsync"/> against the in-process emulator: a window's recordings streamed to a
/// directory, resumed on a rerun, failures reported without stopping the rest, bounded parallelism, progress.
/// </summary>
public sealed class RecordingDownloadScenarios : ScenarioTestBase, IDisposable
{
    private readonly string _destination = Path.Combine(Path.GetTempPath(), "ccc-recordings-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_destination))
        {
            Directory.Delete(_destination, recursive: true);
        }
    }

    /// <summary>Agent 1 makes one answered call per talk time (ms), each to its own number. Returns contact id → talk ms.</summary>
    private async Task<Dictionary<string, int>> TalkedCalls(params int[] talkMs)
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent1);
        var calls = new Dictionary<string, int>();
        for (var i = 0; i < talkMs.Length; i++)
        {
            var callee = "1380000" + (2000 + i).ToString(CultureInfo.InvariantCulture);
            var jobId = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = callee })).Value.CallContext!.JobId!;
            Advance(1_000); // answered
            Advance(talkMs[i]);
            await Release(Agent1, jobId);
            calls[jobId] = talkMs[i];
        }

        return calls;
    }

    private RecordingDownloadRequest Window(DateTimeOffset from, HttpClient? http = null, int parallelism = 4) => new()
    {
        From = from,
        To = Clock.GetUtcNow(),
        Destination = _destination,
        MaxParallelism = parallelism,
        HttpClient = http,
    };

    private string FileOf(string contactId) => Path.Combine(_destination, contactId + ".wav");

    [Fact]
    public async Task A_windows_recordings_are_streamed_to_one_file_each_with_nothing_else_left_behind()
    {
        var before = await TalkedCalls(700); // outside the window
        Advance(60_000);
        var from = Clock.GetUtcNow();
        var calls = await TalkedCalls(1_000, 2_250, 500, 3_000, 1_500);
        await SetPhone("13900000001", """{"behavior":"busy"}""");
        await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = "13900000001" }); // never connects: no recording
        Advance(1);

        var summary = await Client.DownloadRecordingsAsync(Window(from));

        Assert.Equal(calls.Keys.Order(), summary.Downloaded.Order());
        Assert.Empty(summary.Skipped);
        Assert.Empty(summary.Failed);
        foreach (var (contactId, talkMs) in calls)
        {
            Assert.Equal(44 + (talkMs * 16L), new FileInfo(FileOf(contactId)).Length); // 8 kHz, 16-bit mono
        }

        Assert.Equal(calls.Values.Sum(t => 44 + (t * 16L)), summary.BytesDownloaded);
        Assert.Equal(calls.Keys.Select(id => id + ".wav").Order(), Directory.EnumerateFiles(_destination).Select(Path.GetFileName).Order());
        Assert.False(File.Exists(FileOf(before.Keys.Single())));
    }

    [Fact]
    public async Task A_rerun_skips_every_complete_file_and_after_one_is_deleted_fetches_only_that_one()
    {
        var from = Clock.GetUtcNow();
        var calls = await TalkedCalls(1_000, 1_200, 1_400);
        using var counting = new CountingHandler();
        using var http = new HttpClient(counting);
        await Client.DownloadRecordingsAsync(Window(from, http));
        var firstRunGets = counting.Requests.Count;

        var rerun = await Client.DownloadRecordingsAsync(Window(from, http));
        var afterRerun = counting.Requests.Count;
        var victim = calls.Keys.ElementAt(1);
        var untouched = File.GetLastWriteTimeUtc(FileOf(calls.Keys.First()));
        File.Delete(FileOf(victim));
        var third = await Client.DownloadRecordingsAsync(Window(from, http));

        Assert.Equal(3, firstRunGets);
        Assert.Equal(calls.Keys.Order(), rerun.Skipped.Order());
        Assert.Empty(rerun.Downloaded);
        Assert.Equal(firstRunGets, afterRerun); // nothing fetched again
        Assert.Equal([victim], third.Downloaded);
        Assert.Equal(2, third.Skipped.Count);
        Assert.Equal(firstRunGets + 1, counting.Requests.Count);
        Assert.Contains(victim, counting.Requests.Last(), StringComparison.Ordinal);
        Assert.Equal(44 + (1_200 * 16L), new FileInfo(FileOf(victim)).Length);
        Assert.Equal(untouched, File.GetLastWriteTimeUtc(FileOf(calls.Keys.First())));
    }

    [Fact]
    public async Task A_leftover_part_file_from_a_crash_is_not_taken_for_a_complete_one()
    {
        var from = Clock.GetUtcNow();
        var calls = await TalkedCalls(1_000);
        var contactId = calls.Keys.Single();
        Directory.CreateDirectory(_destination);
        await File.WriteAllTextAsync(FileOf(contactId) + ".part", "half a file");

        var summary = await Client.DownloadRecordingsAsync(Window(from));

        Assert.Equal([contactId], summary.Downloaded);
        Assert.Equal(44 + 16_000, new FileInfo(FileOf(contactId)).Length);
        Assert.False(File.Exists(FileOf(contactId) + ".part"));
    }

    [Fact]
    public async Task A_failing_URL_and_a_short_body_are_reported_and_the_other_recordings_still_download()
    {
        var from = Clock.GetUtcNow();
        var calls = await TalkedCalls(1_000, 1_000, 1_000, 1_000);
        var failing = calls.Keys.ElementAt(0);
        var truncated = calls.Keys.ElementAt(2);
        using var handler = new FaultyHandler(failing, truncated);
        using var http = new HttpClient(handler);

        var summary = await Client.DownloadRecordingsAsync(Window(from, http, parallelism: 2));

        Assert.Equal(calls.Keys.Where(k => k != failing && k != truncated).Order(), summary.Downloaded.Order());
        Assert.Equal([failing, truncated], summary.Failed.Select(f => f.ContactId).Order());
        Assert.Contains("HTTP 500", summary.Failed.Single(f => f.ContactId == failing).Reason, StringComparison.Ordinal);
        Assert.Contains("10 of", summary.Failed.Single(f => f.ContactId == truncated).Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(FileOf(failing)));
        Assert.False(File.Exists(FileOf(truncated)));
        Assert.Empty(Directory.EnumerateFiles(_destination, "*.part"));

        var retry = await Client.DownloadRecordingsAsync(Window(from)); // the failures are fetched on the next run
        Assert.Equal([failing, truncated], retry.Downloaded.Order());
    }

    [Fact]
    public async Task No_more_than_MaxParallelism_downloads_run_at_once()
    {
        var from = Clock.GetUtcNow();
        await TalkedCalls(500, 500, 500, 500, 500, 500);
        using var handler = new ConcurrencyHandler(limit: 2);
        using var http = new HttpClient(handler);

        var summary = await Client.DownloadRecordingsAsync(Window(from, http, parallelism: 2));

        Assert.Equal(6, summary.Downloaded.Count);
        Assert.Equal(2, handler.MaxInFlight); // reached, never exceeded
    }

    [Fact]
    public async Task Progress_is_reported_once_per_file_with_growing_counts_and_bytes()
    {
        var from = Clock.GetUtcNow();
        var calls = await TalkedCalls(1_000, 2_000, 3_000);
        await Client.DownloadRecordingsAsync(Window(from)); // all three on disk
        File.Delete(FileOf(calls.Keys.Last()));
        var reports = new ConcurrentQueue<RecordingDownloadProgress>();

        await Client.DownloadRecordingsAsync(Window(from, parallelism: 1), new SyncProgress(reports.Enqueue));

        var list = reports.ToList();
        Assert.Equal(calls.Keys.Order(), list.Select(p => p.ContactId).Order());
        Assert.Equal(list.Select((_, i) => i + 1), list.Select(p => p.Downloaded + p.Skipped + p.Failed));
        Assert.Equal((1, 2, 0), (list[^1].Downloaded, list[^1].Skipped, list[^1].Failed));
        Assert.Equal(44 + (3_000 * 16L), list[^1].BytesDownloaded);
        Assert.Equal(FileOf(calls.Keys.Last()), list.Single(p => p.ContactId == calls.Keys.Last()).FilePath);
    }

    [Fact]
    public async Task A_bad_request_is_refused_before_anything_is_fetched()
    {
        var now = Clock.GetUtcNow();

        await Assert.ThrowsAsync<ArgumentException>(() => Client.DownloadRecordingsAsync(new RecordingDownloadRequest { From = now, To = now.AddSeconds(-1), Destination = _destination }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.DownloadRecordingsAsync(new RecordingDownloadRequest { From = now, To = now, Destination = _destination, MaxParallelism = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Client.DownloadRecordingsAsync(new RecordingDownloadRequest { From = now, To = now, Destination = " " }));
        Assert.False(Directory.Exists(_destination));
    }

    [Fact]
    public void File_names_come_from_the_contact_id_with_the_services_extension_and_nothing_that_escapes_the_directory()
    {
        Assert.Equal("job-1.wav", CccClient.RecordingFileName("job-1", null));
        Assert.Equal("job-1.mp3", CccClient.RecordingFileName("job-1", "x/y/rec.MP3"));
        Assert.Equal("job-1.wav", CccClient.RecordingFileName("job-1", "rec.part"));
        Assert.Equal("a_b.wav", CccClient.RecordingFileName("a/b", "rec.wav"));
        Assert.Equal("__.wav", CccClient.RecordingFileName("..", null));
    }

    /// <summary>Counts the recording downloads (request URLs) passing through.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public ConcurrentQueue<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Answers 500 for one contact's URL and a body shorter than its Content-Length for another.</summary>
    private sealed class FaultyHandler(string failing, string truncated) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.Contains(failing, StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.InternalServerError) { ReasonPhrase = "Internal Server Error" };
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (path.Contains(truncated, StringComparison.Ordinal))
            {
                var full = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var content = new StreamContent(new MemoryStream(full, 0, 10));
                content.Headers.ContentLength = full.Length;
                response.Content = content;
            }

            return response;
        }
    }

    /// <summary>
    /// Records the most downloads in flight at once. Each download waits (up to 10 s) until <c>limit</c> are in
    /// flight, so the bound is reached deterministically; a downloader that ignored the bound would show more.
    /// </summary>
    private sealed class ConcurrencyHandler(int limit) : DelegatingHandler(new HttpClientHandler())
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _max;

        public int MaxInFlight => Volatile.Read(ref _max);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            try
            {
                if (now >= limit)
                {
                    _reached.TrySetResult();
                }

                await Task.WhenAny(_reached.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
                await Task.Delay(20, cancellationToken); // let any extra download that would break the bound arrive
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; posts later).</summary>
    private sealed class SyncProgress(Action<RecordingDownloadProgress> report) : IProgress<RecordingDownloadProgress>
    {
        public void Report(RecordingDownloadProgress value) => report(value);
    }
}
