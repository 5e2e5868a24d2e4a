using System.Collections.Concurrent;

namespace Ccc.Sdk;

public partial class CccClient
{
    private const string PartialSuffix = ".part";

    /// <summary>
    /// Downloads the recordings of every call that started in a time window into a directory: lists the window's
    /// call detail records (<c>ListCallDetailRecords</c>, all pages), asks for each recorded call's signed URL
    /// (<c>GetMonoRecording</c>), and streams each file to disk, at most
    /// <see cref="RecordingDownloadRequest.MaxParallelism"/> at a time. See docs/recordings.md.
    /// </summary>
    /// <remarks>
    /// <para>Each file is written as <c>{name}.part</c> and renamed to <c>{ContactId}.wav</c> only once all its bytes
    /// arrived (as many as the response's <c>Content-Length</c> said, when it said), so a file under its final name
    /// is always complete. That is how a rerun resumes: a recording whose final file exists is skipped without any
    /// request; a leftover <c>.part</c> is overwritten. To fetch a file again, delete it.</para>
    /// <para>One recording failing (a service error, an HTTP error status, a short body, a disk error) is recorded in
    /// <see cref="RecordingDownloadSummary.Failed"/> and the others go on. Files are streamed, never held in
    /// memory whole. A failure to list the window's records ends the run with that exception (rerun to resume).</para>
    /// </remarks>
    /// <param name="request">The window, the destination directory, the parallelism and the optional HTTP client.</param>
    /// <param name="progress">Told after each file is downloaded, skipped or failed; may be called from several threads.</param>
    /// <param name="cancellationToken">Stops the run; a file being written is left as <c>.part</c> only.</param>
    /// <returns>What was downloaded, skipped and failed.</returns>
    /// <exception cref="ArgumentException">The destination is empty, <c>To</c> is before <c>From</c>, or no instance id is known.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><c>MaxParallelism</c> is not 1 to 64.</exception>
    /// <exception cref="CccException">Listing the window's records failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async Task<RecordingDownloadSummary> DownloadRecordingsAsync(
        RecordingDownloadRequest request,
        IProgress<RecordingDownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Destination, nameof(request));
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxParallelism, 1, nameof(request));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.MaxParallelism, 64, nameof(request));
        if (request.To < request.From)
        {
            throw new ArgumentException("To is before From.", nameof(request));
        }

        var list = new ListCallDetailRecordsRequest { StartTime = request.From, EndTime = request.To, SortOrder = "ASC", InstanceId = request.InstanceId };
        var records = ListCallDetailRecordsAsync(list, cancellationToken); // validates the instance id before any I/O
        var destination = Directory.CreateDirectory(request.Destination).FullName;
        var complete = new HashSet<string>(
            Directory.EnumerateFiles(destination).Select(Path.GetFileName).OfType<string>().Where(n => !n.EndsWith(PartialSuffix, StringComparison.Ordinal)),
            StringComparer.Ordinal);

        var run = new DownloadRun(progress);
        var ownedHttp = request.HttpClient is null ? new HttpClient() : null;
        var http = request.HttpClient ?? ownedHttp!;
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = request.MaxParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(RecordedCallsAsync(records, cancellationToken), parallel, async (contactId, ct) =>
            {
                var fileName = RecordingFileName(contactId, null);
                if (complete.Contains(fileName))
                {
                    run.Skip(contactId, Path.Combine(destination, fileName));
                    return;
                }

                await DownloadOneAsync(http, request.InstanceId, contactId, destination, run, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            ownedHttp?.Dispose();
        }

        return run.Summary();
    }

    /// <summary>The contact ids of the listed records that have a recording, each once.</summary>
    private static async IAsyncEnumerable<string> RecordedCallsAsync(CccPageable<CallDetailRecord> records, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (record.RecordingReady == true && !string.IsNullOrEmpty(record.ContactId) && seen.Add(record.ContactId))
            {
                yield return record.ContactId;
            }
        }
    }

    /// <summary>
    /// <c>{ContactId}{extension}</c>: the extension of the service's file name (<c>.wav</c> when it has none, or before
    /// it is known); characters a file name cannot hold become <c>_</c>.
    /// </summary>
    internal static string RecordingFileName(string contactId, string? serviceFileName)
    {
        var extension = Path.GetExtension(serviceFileName ?? "");
        if (extension.Length is < 2 or > 8 || extension.EndsWith(PartialSuffix, StringComparison.Ordinal) || extension.Skip(1).Any(c => !char.IsAsciiLetterOrDigit(c)))
        {
            extension = ".wav";
        }

        var invalid = Path.GetInvalidFileNameChars();
        var stem = new string(contactId.Select(c => invalid.Contains(c) || c == '/' || c == '\\' ? '_' : c).ToArray());
        if (stem is "." or "..")
        {
            stem = stem.Replace('.', '_');
        }

        return stem + extension.ToLowerInvariant();
    }

    private async Task DownloadOneAsync(HttpClient http, string? instanceId, string contactId, string destination, DownloadRun run, CancellationToken ct)
    {
        var target = Path.Combine(destination, RecordingFileName(contactId, null));
        string? partial = null;
        try
        {
            var recording = await GetMonoRecordingAsync(new GetMonoRecordingRequest { ContactId = contactId, InstanceId = instanceId }, ct).ConfigureAwait(false);
            if (!Uri.TryCreate(recording.Value.FileUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                run.Fail(contactId, target, "The service gave no usable download URL.");
                return;
            }

            target = Path.Combine(destination, RecordingFileName(contactId, recording.Value.FileName));
            if (File.Exists(target))
            {
                run.Skip(contactId, target); // complete under the service's extension (e.g. .mp3) from an earlier run
                return;
            }

            partial = target + PartialSuffix;
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                run.Fail(contactId, target, $"The download answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
                return;
            }

            var expected = response.Content.Headers.ContentLength;
            long written;
            var source = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81_920, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    await source.CopyToAsync(file, 81_920, ct).ConfigureAwait(false);
                    await file.FlushAsync(ct).ConfigureAwait(false);
                    written = file.Length;
                }
            }

            if (expected is { } length && written != length)
            {
                TryDelete(partial);
                run.Fail(contactId, target, $"The download ended after {written} of {length} bytes.");
                return;
            }

            File.Move(partial, target, overwrite: true);
            run.Done(contactId, target, written);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is CccException or HttpRequestException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            if (partial is not null)
            {
                TryDelete(partial);
            }

            run.Fail(contactId, target, e is OperationCanceledException ? "The download timed out." : e.Message);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left as .part: never mistaken for a complete file, overwritten by the next run.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>The counters and lists of one run; thread-safe.</summary>
    private sealed class DownloadRun(IProgress<RecordingDownloadProgress>? progress)
    {
        private readonly Lock _gate = new();
        private readonly List<string> _downloaded = [];
        private readonly List<string> _skipped = [];
        private readonly List<RecordingDownloadFailure> _failed = [];
        private long _bytes;

        public void Done(string contactId, string path, long bytes) => Settle(contactId, path, () =>
        {
            _downloaded.Add(contactId);
            _bytes += bytes;
        });

        public void Skip(string contactId, string path) => Settle(contactId, path, () => _skipped.Add(contactId));

        public void Fail(string contactId, string path, string reason) => Settle(contactId, path, () => _failed.Add(new RecordingDownloadFailure(contactId, reason)));

        public RecordingDownloadSummary Summary()
        {
            lock (_gate)
            {
                return new RecordingDownloadSummary([.. _downloaded], [.. _skipped], [.. _failed], _bytes);
            }
        }

        private void Settle(string contactId, string path, Action change)
        {
            RecordingDownloadProgress report;
            lock (_gate)
            {
                change();
                report = new RecordingDownloadProgress(_downloaded.Count, _skipped.Count, _failed.Count, _bytes, contactId, path);
            }

            progress?.Report(report);
        }
    }
}
