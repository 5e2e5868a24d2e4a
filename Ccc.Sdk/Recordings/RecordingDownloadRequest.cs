namespace Ccc.Sdk;

/// <summary>
/// What <see cref="CccClient.DownloadRecordingsAsync"/> downloads: the recordings of the calls that started in
/// [<see cref="From"/>, <see cref="To"/>], into the directory <see cref="Destination"/>.
/// </summary>
public sealed class RecordingDownloadRequest
{
    /// <summary>The start of the window (calls that started at or after it).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The end of the window (calls that started at or before it).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>The directory the files are written to; created when missing. Each call's recording is <c>{ContactId}.wav</c> (the extension of the service's file name).</summary>
    public required string Destination { get; init; }

    /// <summary>How many recordings are fetched at the same time, 1 to 64; default 4.</summary>
    public int MaxParallelism { get; init; } = 4;

    /// <summary>
    /// The <see cref="System.Net.Http.HttpClient"/> the files are downloaded with (the recording URLs are pre-signed
    /// links, not OpenAPI calls); not disposed. <see langword="null"/>: a client made for this download and disposed
    /// after it.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The instance whose recordings are downloaded; <see langword="null"/> for the client's default instance.</summary>
    public string? InstanceId { get; init; }
}

/// <summary>
/// Where a <see cref="CccClient.DownloadRecordingsAsync"/> run stands, reported after each file is settled. The
/// counts only grow; <see cref="ContactId"/> and <see cref="FilePath"/> name the file just settled.
/// </summary>
/// <param name="Downloaded">Files downloaded so far.</param>
/// <param name="Skipped">Files skipped so far because they were already complete.</param>
/// <param name="Failed">Files that failed so far.</param>
/// <param name="BytesDownloaded">Bytes written by this run so far (skipped files not counted).</param>
/// <param name="ContactId">The call whose recording was just settled.</param>
/// <param name="FilePath">Its file under the destination (also for a failure: where it would have gone).</param>
public sealed record RecordingDownloadProgress(int Downloaded, int Skipped, int Failed, long BytesDownloaded, string ContactId, string FilePath);

/// <summary>A recording that could not be downloaded.</summary>
/// <param name="ContactId">The call.</param>
/// <param name="Reason">Why: the service's error code and message, the HTTP status of the download, or the I/O error.</param>
public sealed record RecordingDownloadFailure(string ContactId, string Reason);

/// <summary>The outcome of a <see cref="CccClient.DownloadRecordingsAsync"/> run.</summary>
public sealed class RecordingDownloadSummary
{
    internal RecordingDownloadSummary(IReadOnlyList<string> downloaded, IReadOnlyList<string> skipped, IReadOnlyList<RecordingDownloadFailure> failed, long bytesDownloaded)
    {
        Downloaded = downloaded;
        Skipped = skipped;
        Failed = failed;
        BytesDownloaded = bytesDownloaded;
    }

    /// <summary>The contact ids whose recordings this run downloaded, in the order they completed.</summary>
    public IReadOnlyList<string> Downloaded { get; }

    /// <summary>The contact ids whose recordings were already complete in the destination (not requested again).</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The recordings that failed, with the reasons; the others were still downloaded.</summary>
    public IReadOnlyList<RecordingDownloadFailure> Failed { get; }

    /// <summary>Bytes this run wrote.</summary>
    public long BytesDownloaded { get; }
}
