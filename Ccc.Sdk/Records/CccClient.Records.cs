using System.Globalization;
using System.Runtime.CompilerServices;

namespace Ccc.Sdk;

public partial class CccClient
{
    /// <summary>
    /// Lists call detail records (<c>ListCallDetailRecords</c>), page by page as enumerated, and reads a window of any
    /// size: when page 1 of a window reports more than 100 pages of records (the cloud's cap), the window is split in
    /// halves by <c>StartTime</c>, recursively, and the slices are read in order.
    /// </summary>
    /// <remarks>
    /// <para>Without slicing, records come in the request's order. With slicing, each slice is sorted by <c>startTime</c>
    /// in the request's <see cref="ListCallDetailRecordsRequest.SortOrder"/> (default <c>DESC</c>), so the whole
    /// enumeration is ordered by <c>StartTime</c>. A record is returned once even if it appears in two slices or shifts
    /// between pages while new calls arrive. Slicing needs a concrete window: a missing <c>StartTime</c> becomes today
    /// 00:00 China time (the service's default), a missing <c>EndTime</c> now. <see cref="CccPage{T}.PageNumber"/> is the
    /// page number within its slice.</para>
    /// <para>The cloud fills <c>TotalCount</c> on page 1 only; the SDK decides on slicing from page 1's figure.</para>
    /// </remarks>
    /// <param name="request">Filters; <see langword="null"/> for today's records of the default instance.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <exception cref="ArgumentException">No instance id is known, <c>EndTime</c> is before <c>StartTime</c>, or <c>SortOrder</c> is neither <c>ASC</c> nor <c>DESC</c> (thrown here, before any request).</exception>
    /// <exception cref="CccException">A page failed (thrown while enumerating); code <c>TooManyRecords</c> when a single millisecond holds more than 100 pages.</exception>
    public virtual CccPageable<CallDetailRecord> ListCallDetailRecordsAsync(ListCallDetailRecordsRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new ListCallDetailRecordsRequest();
        BuildApiRequest(request, null);
        return new SlicedCallDetailRecords(this, request, cancellationToken);
    }

    /// <summary>Gets one call detail record with its agent, customer, IVR and queue timelines (<c>GetCallDetailRecord</c>): a
    /// shorthand for <see cref="GetCallDetailRecordAsync(GetCallDetailRecordRequest, CancellationToken)"/>.</summary>
    /// <param name="contactId">The call's id (<see cref="CallContext.JobId"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException"><paramref name="contactId"/> is empty.</exception>
    /// <exception cref="CccNotFoundException">No record (yet): a CDR is written when the call ends.</exception>
    /// <exception cref="CccException">A service error.</exception>
    public virtual Task<CccResponse<CallDetailRecordDetails>> GetCallDetailRecordAsync(string contactId, CancellationToken cancellationToken = default) =>
        GetCallDetailRecordAsync(new GetCallDetailRecordRequest { ContactId = CccRequest.Required(contactId, nameof(contactId)) }, cancellationToken);

    /// <summary>Gets a signed download URL of a call's mono recording (<c>GetMonoRecording</c>) and when it expires; see also
    /// <see cref="GetMonoRecordingAsync(GetMonoRecordingRequest, CancellationToken)"/>.</summary>
    /// <param name="contactId">The call's id.</param>
    /// <param name="expireSeconds">How long the URL stays valid, in seconds; <see langword="null"/> for the service's default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The file name and URL; <see cref="MonoRecording.ExpiresAt"/> when <paramref name="expireSeconds"/> was given.</returns>
    /// <exception cref="ArgumentException"><paramref name="contactId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expireSeconds"/> is not positive.</exception>
    /// <exception cref="CccException">A service error (e.g. no recording because the call never connected).</exception>
    public virtual async Task<CccResponse<MonoRecording>> GetMonoRecordingAsync(string contactId, int? expireSeconds = null, CancellationToken cancellationToken = default)
    {
        if (expireSeconds is { } e)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(e, 1, nameof(expireSeconds));
        }

        DateTimeOffset sentAt = _time.GetUtcNow();
        var request = new GetMonoRecordingRequest { ContactId = CccRequest.Required(contactId, nameof(contactId)), ExpireSeconds = expireSeconds };
        var response = await GetMonoRecordingAsync(request, cancellationToken).ConfigureAwait(false);
        var value = new MonoRecording
        {
            FileName = response.Value.FileName,
            FileUrl = response.Value.FileUrl,
            ExpiresAt = expireSeconds is { } s ? sentAt.AddSeconds(s) : null,
        };
        return new CccResponse<MonoRecording>(value, response.RequestId, response.Params, response.HttpStatusCode);
    }

    private Task<CccPage<CallDetailRecord>> FetchCallDetailRecordsAsync(CccRequest request, int number, int size, CancellationToken cancellationToken) =>
        FetchPageAsync(request, number, size, CccJsonContext.Default.CccPagedDataCallDetailRecord, cancellationToken);

    /// <summary>The CDR pageable that slices its window when it holds more than 100 pages.</summary>
    private sealed class SlicedCallDetailRecords(CccClient client, ListCallDetailRecordsRequest request, CancellationToken cancellationToken)
        : CccPageable<CallDetailRecord>
    {
        private protected override async IAsyncEnumerable<CccPage<CallDetailRecord>> EnumeratePagesAsync(int size, [EnumeratorCancellation] CancellationToken enumerationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, enumerationToken);
            var ct = linked.Token;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long cap = (long)MaxPageNumber * size;

            // The window as the caller gave it; a ContactId query ignores the window, so it is never sliced.
            var first = await client.FetchCallDetailRecordsAsync(request, 1, size, ct).ConfigureAwait(false);
            if (first.TotalCount <= cap || !string.IsNullOrWhiteSpace(request.ContactId))
            {
                await foreach (var page in PagesAsync(request, first, size, long.MinValue, long.MaxValue, seen, ct).ConfigureAwait(false))
                {
                    yield return page;
                }

                yield break;
            }

            long now = client._time.GetUtcNow().ToUnixTimeMilliseconds();
            long start = request.StartTime?.ToUnixTimeMilliseconds() ?? ChinaMidnight(now);
            long end = request.EndTime?.ToUnixTimeMilliseconds() ?? now;
            bool descending = !"ASC".Equals(request.SortOrder, StringComparison.OrdinalIgnoreCase);

            // Slices still to read, the next on top. Each covers [Lo, Hi] in epoch ms; adjacent slices do not overlap.
            var pending = new Stack<(long Lo, long Hi)>();
            pending.Push((start, end));
            while (pending.Count > 0)
            {
                var (lo, hi) = pending.Pop();

                // Ask up to hi + 1 so a service that treats EndTime as exclusive still returns records at hi; the filter drops the extra.
                var slice = request.Slice(lo, hi == end ? hi : hi + 1);
                var page1 = await client.FetchCallDetailRecordsAsync(slice, 1, size, ct).ConfigureAwait(false);
                if (page1.TotalCount > cap)
                {
                    if (hi <= lo)
                    {
                        throw new CccServiceException(
                            CccException.Format(request.Action, "TooManyRecords", $"More than {cap} records started in one millisecond ({lo}); narrow the filter.", page1.RequestId, 200),
                            "TooManyRecords", page1.RequestId, 200, request.Action);
                    }

                    long mid = lo + ((hi - lo) / 2);
                    (long, long) left = (lo, mid), right = (mid + 1, hi);
                    pending.Push(descending ? left : right);
                    pending.Push(descending ? right : left);
                    continue;
                }

                await foreach (var page in PagesAsync(slice, page1, size, lo, hi, seen, ct).ConfigureAwait(false))
                {
                    yield return page;
                }
            }
        }

        /// <summary>Page 1 (already fetched) and the following pages of one query, keeping records that started in [lo, hi] and were not seen yet.</summary>
        private async IAsyncEnumerable<CccPage<CallDetailRecord>> PagesAsync(
            CccRequest query, CccPage<CallDetailRecord> page1, int size, long lo, long hi, HashSet<string> seen, [EnumeratorCancellation] CancellationToken ct)
        {
            int total = page1.TotalCount;
            int fetched = 0;
            var page = page1;
            for (int number = 1; ; number++)
            {
                if (number > 1)
                {
                    page = await client.FetchCallDetailRecordsAsync(query, number, size, ct).ConfigureAwait(false);
                }

                fetched += page.Items.Count;
                var kept = page.Items.Where(r => InWindow(r, lo, hi) && (r.ContactId is null || seen.Add(r.ContactId))).ToList();
                yield return new CccPage<CallDetailRecord>(kept, page.PageNumber, page.PageSize, page.TotalCount, page.RequestId);

                if (page.Items.Count < size || (total > 0 && fetched >= total) || number >= MaxPageNumber)
                {
                    yield break;
                }
            }
        }

        private static bool InWindow(CallDetailRecord record, long lo, long hi) =>
            record.StartTime is not { } t || (t.ToUnixTimeMilliseconds() >= lo && t.ToUnixTimeMilliseconds() <= hi);

        /// <summary>Today 00:00 in China time (UTC+8), the service's default start of the window.</summary>
        private static long ChinaMidnight(long nowMs)
        {
            var offset = TimeSpan.FromHours(8);
            var local = DateTimeOffset.FromUnixTimeMilliseconds(nowMs).ToOffset(offset);
            return new DateTimeOffset(local.Date, offset).ToUnixTimeMilliseconds();
        }
    }
}
