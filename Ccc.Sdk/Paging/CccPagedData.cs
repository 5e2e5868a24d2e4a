namespace Ccc.Sdk;

/// <summary>The paged <c>Data</c> shape: <c>{ List, PageNumber, PageSize, TotalCount }</c>.</summary>
internal sealed class CccPagedData<T>
{
    public List<T>? List { get; set; }

    public int PageNumber { get; set; }

    public int PageSize { get; set; }

    public int TotalCount { get; set; }
}
