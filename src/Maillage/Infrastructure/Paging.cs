namespace Maillage.Infrastructure;

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;

    public bool HasPrevious => PageNumber > 1;

    public bool HasNext => PageNumber < PageCount;
}

public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static (int Page, int Size) Normalize(int? page, int? size)
    {
        var p = page is null or < 1 ? 1 : page.Value;
        var s = size is null or < 1 ? DefaultPageSize : Math.Min(size.Value, MaxPageSize);
        return (p, s);
    }
}
