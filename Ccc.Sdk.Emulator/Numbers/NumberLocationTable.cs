namespace Ccc.Sdk.Emulator.Numbers;

/// <summary>One row of the number-location table: numbers starting with <see cref="Prefix"/> are in this place.</summary>
internal sealed record NumberLocation(string Prefix, string Province, string City);

/// <summary>
/// Longest-prefix lookup of a number's province and city (GetNumberLocation). Numbers are normalised first:
/// a leading <c>+86</c>/<c>0086</c> (or <c>86</c> before an 11-digit mobile) is removed.
/// Immutable after construction, so safe to share.
/// </summary>
internal sealed class NumberLocationTable
{
    private readonly List<NumberLocation> _rows;

    public NumberLocationTable(IEnumerable<NumberLocation> rows) =>
        _rows = rows.OrderByDescending(r => r.Prefix.Length).ToList();

    public IReadOnlyList<NumberLocation> Rows => _rows;

    public static string Normalize(string number)
    {
        var n = number.Trim();
        if (n.StartsWith("+86", StringComparison.Ordinal))
        {
            n = n[3..];
        }
        else if (n.StartsWith("0086", StringComparison.Ordinal))
        {
            n = n[4..];
        }
        else if (n.Length == 13 && n.StartsWith("861", StringComparison.Ordinal))
        {
            n = n[2..];
        }

        return n;
    }

    public NumberLocation? Find(string number)
    {
        var normalized = Normalize(number);
        return _rows.FirstOrDefault(r => normalized.StartsWith(r.Prefix, StringComparison.Ordinal));
    }
}
