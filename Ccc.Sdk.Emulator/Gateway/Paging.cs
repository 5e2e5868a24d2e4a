namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>A paged <c>Data</c>: <c>{List, PageNumber, PageSize, TotalCount}</c> (docs/reference/api-conventions.md#paging).</summary>
internal sealed class PagedList<T>
{
    public required IReadOnlyList<T> List { get; init; }

    public required int PageNumber { get; init; }

    public required int PageSize { get; init; }

    public required int TotalCount { get; init; }
}

/// <summary>Paging of list actions: 1-based <c>PageNumber</c> and <c>PageSize</c>, each 1–100.</summary>
internal readonly record struct Paging(int PageNumber, int PageSize)
{
    public const int Minimum = 1;
    public const int Maximum = 100;

    public PagedList<T> Apply<T>(IReadOnlyCollection<T> all) => new()
    {
        List = all.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList(),
        PageNumber = PageNumber,
        PageSize = PageSize,
        TotalCount = all.Count,
    };
}
