using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Ccc.Sdk.Cli;

/// <summary>
/// How results are written: a table (text from the wire escaped, never read as markup) for a terminal, or JSON for
/// scripts (<c>--json</c>: one JSON document on stdout, nothing else there; notes go to stderr).
/// </summary>
internal static class CliOutput
{
    /// <summary>The JSON the tool writes: camelCase, no nulls, dates in ISO 8601, readable non-ASCII.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// <summary>Writes <paramref name="value"/> as one JSON document on the console's output, unwrapped.</summary>
    public static void Json<T>(IAnsiConsole console, T value)
    {
        var writer = console.Profile.Out.Writer;
#pragma warning disable IL2026, IL3050 // The tool is not trimmed; the shapes are its own records.
        writer.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
#pragma warning restore IL2026, IL3050
        writer.Flush();
    }

    /// <summary>The width tables may take when the output is not a terminal (a file, a pipe, a test).</summary>
    public const int RedirectedWidth = 1024;

    /// <summary>
    /// A table of <paramref name="rows"/> under <paramref name="headers"/>; every cell is plain text. Redirected output
    /// has no width to fit, so there the table may be up to <see cref="RedirectedWidth"/> wide and cells are not wrapped.
    /// </summary>
    public static void Table(IAnsiConsole console, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        if (!console.Profile.Out.IsTerminal && console.Profile.Width < RedirectedWidth)
        {
            console.Profile.Width = RedirectedWidth;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        var count = 0;
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell ?? "")).ToArray());
            count++;
        }

        if (count == 0)
        {
            console.Write(new Text("(none)" + Environment.NewLine));
            return;
        }

        console.Write(table);
    }

    /// <summary>A point in time as the tool shows it: local time of the machine, to the second.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
}
