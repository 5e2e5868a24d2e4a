using System.Globalization;

namespace Ccc.Sdk.Samples.Crm.Components.Charts;

/// <summary>One series of a <see cref="BarChart"/>: a bar per item, in its own colour, named in the legend.</summary>
/// <param name="Name">What the series counts, e.g. "Calls answered" (legend and each bar's title).</param>
/// <param name="CssClass">The bars' class (their colour: <c>series-0</c>, <c>series-1</c>, ...).</param>
public sealed record BarSeries(string Name, string CssClass);

/// <summary>One row of a <see cref="BarChart"/>: a label and one value per series.</summary>
/// <param name="Key">A stable key (an agent or skill group id): the row's <c>data-key</c>.</param>
/// <param name="Label">The row's text label.</param>
/// <param name="Values">One value per series, in the chart's series order (missing values count as 0).</param>
/// <param name="Note">Text shown after the bars (e.g. "talk 3:20"); none when null.</param>
/// <param name="Attributes">Extra attributes of the row's <c>&lt;g&gt;</c> element, e.g. <c>data-agent-calls</c>.</param>
public sealed record BarChartItem(
    string Key,
    string Label,
    IReadOnlyList<long> Values,
    string? Note = null,
    IReadOnlyDictionary<string, object>? Attributes = null);

/// <summary>The geometry of a <see cref="BarChart"/>, computed apart from the markup so it can be reasoned about alone.</summary>
public static class BarChartLayout
{
    /// <summary>The chart's width in SVG units (it scales with the page).</summary>
    public const int Width = 520;

    /// <summary>Where the bars start: the labels are left of it.</summary>
    public const int PlotLeft = 110;

    /// <summary>The longest bar's length: room is left right of it for the value and the note.</summary>
    public const int PlotWidth = 290;

    /// <summary>The height of one bar.</summary>
    public const int BarHeight = 16;

    /// <summary>The space between two items.</summary>
    public const int ItemGap = 12;

    /// <summary>The height of the legend above the bars.</summary>
    public const int LegendHeight = 24;

    /// <summary>The length of a bar: proportional to <paramref name="value"/>, the largest value of the chart the full
    /// <see cref="PlotWidth"/>; 0 for a value of 0 or less, or when every value is 0.</summary>
    /// <param name="value">The bar's value.</param>
    /// <param name="max">The largest value of the chart.</param>
    /// <returns>The length in SVG units, rounded to a tenth.</returns>
    public static double BarLength(long value, long max) =>
        value <= 0 || max <= 0 ? 0 : Math.Round(PlotWidth * (double)Math.Min(value, max) / max, 1);

    /// <summary>The height of one item (its bars and the gap after them).</summary>
    /// <param name="seriesCount">The number of series.</param>
    /// <returns>The height in SVG units.</returns>
    public static int ItemHeight(int seriesCount) => (Math.Max(1, seriesCount) * BarHeight) + ItemGap;

    /// <summary>The chart's height for <paramref name="itemCount"/> items (one row's height when there are none, for the
    /// "no data" line).</summary>
    /// <param name="itemCount">The number of items.</param>
    /// <param name="seriesCount">The number of series.</param>
    /// <returns>The height in SVG units.</returns>
    public static int Height(int itemCount, int seriesCount) => LegendHeight + (Math.Max(1, itemCount) * ItemHeight(seriesCount)) + 4;

    /// <summary>A number as SVG wants it (invariant culture).</summary>
    /// <param name="value">The number.</param>
    /// <returns>Its text.</returns>
    public static string Svg(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
