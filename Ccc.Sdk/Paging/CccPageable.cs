using System.Runtime.CompilerServices;

namespace Ccc.Sdk;

/// <summary>One page of a list action.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class CccPage<T>
{
    /// <summary>Creates a page (e.g. to fake one in tests).</summary>
    public CccPage(IReadOnlyList<T> items, int pageNumber, int pageSize, int totalCount, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
        PageNumber = pageNumber;
        PageSize = pageSize;
        TotalCount = totalCount;
        RequestId = requestId;
    }

    /// <summary>The items of this page.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The 1-based page number.</summary>
    public int PageNumber { get; }

    /// <summary>The page size asked for.</summary>
    public int PageSize { get; }

    /// <summary>The total number of items as the service reported it on this page (some actions fill it on page 1 only; 0 = not reported).</summary>
    public int TotalCount { get; }

    /// <summary>The <c>RequestId</c> of the call that returned this page.</summary>
    public string? RequestId { get; }
}

/// <summary>
/// The items of a CCC list action, fetched page by page as they are enumerated (in the style of Azure's
/// <c>AsyncPageable&lt;T&gt;</c>). Enumerate it with <c>await foreach</c>, or call <see cref="AsPages"/> to see pages.
/// </summary>
/// <remarks>Paging stops at the first page with fewer items than the page size, once the <c>TotalCount</c> reported on
/// page 1 is reached, or after page 100 (the cloud's limit: at most 100 × page size items per query; narrow the filter to
/// see more). Each page is one request with the client's retry policy; an error surfaces as a <see cref="CccException"/>
/// from the enumeration.</remarks>
/// <typeparam name="T">The item type.</typeparam>
public class CccPageable<T> : IAsyncEnumerable<T>
{
    /// <summary>The cloud's largest page number.</summary>
    public const int MaxPageNumber = 100;

    /// <summary>The cloud's largest page size.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The page size used when none is given.</summary>
    public const int DefaultPageSize = 100;

    private readonly Func<int, int, CancellationToken, Task<CccPage<T>>>? _fetchPage;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Creates a pageable over <paramref name="fetchPage"/> (page number, page size, cancellation token → page).</summary>
    public CccPageable(Func<int, int, CancellationToken, Task<CccPage<T>>> fetchPage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        _fetchPage = fetchPage;
        _cancellationToken = cancellationToken;
    }

    /// <summary>For mocking.</summary>
    protected CccPageable()
    {
    }

    /// <summary>Creates a pageable over fixed pages (for tests and fakes).</summary>
    public static CccPageable<T> FromPages(IEnumerable<CccPage<T>> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var list = pages.ToList();
        return new CccPageable<T>((number, _, _) => Task.FromResult(
            number <= list.Count ? list[number - 1] : new CccPage<T>([], number, 1, 0, null)));
    }

    /// <summary>Enumerates the pages, requesting each as it is needed.</summary>
    /// <param name="pageSize">Items per page, 1–100; <see langword="null"/> for <see cref="DefaultPageSize"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is outside 1–100 (thrown here, before any request).</exception>
    public virtual IAsyncEnumerable<CccPage<T>> AsPages(int? pageSize = null)
    {
        int size = pageSize ?? DefaultPageSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(pageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxPageSize, nameof(pageSize));
        return EnumeratePagesAsync(size, CancellationToken.None);
    }

    /// <inheritdoc />
    public virtual async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var page in EnumeratePagesAsync(DefaultPageSize, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    /// <summary>Yields the pages of a page size already validated; overridden by pageables that page differently (e.g. by time slices).</summary>
    private protected virtual async IAsyncEnumerable<CccPage<T>> EnumeratePagesAsync(int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_fetchPage is null)
        {
            yield break;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cancellationToken);
        int total = 0;
        int seen = 0;
        for (int number = 1; number <= MaxPageNumber; number++)
        {
            var page = await _fetchPage(number, pageSize, linked.Token).ConfigureAwait(false);
            if (number == 1)
            {
                // ListCallDetailRecords fills TotalCount on page 1 only: trust page 1's figure, never a later 0.
                total = page.TotalCount;
            }

            seen += page.Items.Count;
            yield return page;

            if (page.Items.Count < pageSize || (total > 0 && seen >= total))
            {
                yield break;
            }
        }
    }
}
