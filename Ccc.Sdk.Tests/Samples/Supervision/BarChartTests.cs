using System.Globalization;
using Bunit;
using Ccc.Sdk.Samples.Crm.Components.Charts;

namespace Ccc.Sdk.Tests.Samples.Supervision;

/// <summary>The sample CRM's plain-SVG bar chart (Components/Charts/BarChart.razor), rendered with bUnit.</summary>
public sealed class BarChartTests : IDisposable
{
    private static readonly IReadOnlyList<BarSeries> TwoSeries = [new("Offered", "series-0"), new("Abandoned", "series-2")];

    private readonly BunitContext _context = new();

    [Fact]
    public void Bars_scale_to_the_largest_value_and_every_bar_says_its_value_as_text_and_title()
    {
        var chart = Render(
            [
                new BarChartItem("sales", "Sales", [8, 2]),
                new BarChartItem("support", "Support", [4, 0]),
            ],
            TwoSeries);

        var bars = chart.FindAll("rect.bar");
        Assert.Equal(4, bars.Count);
        Assert.Equal(Length(8, 8), Width(bars[0]));
        Assert.Equal(BarChartLayout.PlotWidth, Width(bars[0]));
        Assert.Equal(Length(2, 8), Width(bars[1]));
        Assert.Equal(BarChartLayout.PlotWidth / 2.0, Width(bars[2])); // 4 of 8: half the longest
        Assert.Equal(0, Width(bars[3]));
        Assert.Equal(["8", "2", "4", "0"], chart.FindAll("text.value").Select(t => t.TextContent));
        Assert.Equal("Sales: 2 abandoned", chart.FindAll("rect.bar")[1].QuerySelector("title")!.TextContent);
        Assert.Equal("8", chart.Find("svg").GetAttribute("data-max"));
    }

    [Fact]
    public void The_chart_is_an_image_with_a_title_a_description_labels_a_legend_and_the_items_attributes()
    {
        var chart = Render(
            [new BarChartItem("agent1@ccc-local", "Alice Wang", [3], "talk 4:05", new Dictionary<string, object> { ["data-agent-calls"] = "agent1@ccc-local", ["data-calls"] = 3L })],
            [new BarSeries("Calls answered", "series-0")]);

        var svg = chart.Find("svg#chart-test");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("chart-test-title chart-test-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("A test chart", chart.Find("#chart-test-title").TextContent);
        Assert.Equal("What it shows.", chart.Find("#chart-test-desc").TextContent);
        Assert.Equal("Alice Wang", chart.Find("text.label").TextContent);
        Assert.Equal("Calls answered", chart.Find(".legend text").TextContent);
        Assert.Equal("talk 4:05", chart.Find(".note text").TextContent);
        var item = chart.Find("[data-agent-calls='agent1@ccc-local']");
        Assert.Equal("3", item.GetAttribute("data-calls"));
        Assert.Equal("agent1@ccc-local", item.GetAttribute("data-key"));
    }

    [Fact]
    public void With_no_items_it_says_so_and_with_only_zeros_every_bar_is_empty()
    {
        var empty = Render([], TwoSeries);
        Assert.Equal("Nothing yet.", empty.Find(".empty text").TextContent);
        Assert.Empty(empty.FindAll("rect.bar"));
        Assert.Equal("0", empty.Find("svg").GetAttribute("data-items"));
        Assert.Equal(BarChartLayout.Height(0, 2).ToString(CultureInfo.InvariantCulture), empty.Find("svg").GetAttribute("height"));

        var zeros = Render([new BarChartItem("a", "A", [0, 0]), new BarChartItem("b", "B", [0])], TwoSeries);
        Assert.Empty(zeros.FindAll(".empty"));
        Assert.Equal(4, zeros.FindAll("rect.bar").Count); // a missing value is a 0 bar
        Assert.All(zeros.FindAll("rect.bar"), bar => Assert.Equal(0, Width(bar)));
    }

    [Fact]
    public void Labels_are_text_never_markup()
    {
        var chart = Render([new BarChartItem("x", "<script>alert(1)</script>", [1])], [new BarSeries("Calls", "series-0")]);

        Assert.Empty(chart.FindAll("script"));
        Assert.Equal("<script>alert(1)</script>", chart.Find("text.label").TextContent);
    }

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(-3, 10, 0)]
    [InlineData(5, 0, 0)]
    [InlineData(10, 10, BarChartLayout.PlotWidth)]
    [InlineData(1, 3, 96.7)]
    [InlineData(12, 10, BarChartLayout.PlotWidth)]
    public void The_bar_length_is_proportional_and_bounded(long value, long max, double expected) =>
        Assert.Equal(expected, BarChartLayout.BarLength(value, max));

    public void Dispose() => _context.Dispose();

    private static double Length(long value, long max) => BarChartLayout.BarLength(value, max);

    private static double Width(AngleSharp.Dom.IElement bar) => double.Parse(bar.GetAttribute("width")!, CultureInfo.InvariantCulture);

    private IRenderedComponent<BarChart> Render(IReadOnlyList<BarChartItem> items, IReadOnlyList<BarSeries> series) =>
        _context.Render<BarChart>(p => p
            .Add(c => c.Id, "chart-test")
            .Add(c => c.Title, "A test chart")
            .Add(c => c.Description, "What it shows.")
            .Add(c => c.Series, series)
            .Add(c => c.Items, items)
            .Add(c => c.EmptyText, "Nothing yet."));
}
