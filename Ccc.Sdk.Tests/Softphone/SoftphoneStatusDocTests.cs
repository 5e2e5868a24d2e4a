using Ccc.Sdk.Softphone;
using Ccc.Sdk.Tests.Docs;

namespace Ccc.Sdk.Tests.Softphone;

/// <summary>docs/softphone.md's "Status codes" table is the <see cref="SoftphoneStatus"/> enum: every value appears
/// under its number with its name, and the table lists nothing else.</summary>
public sealed class SoftphoneStatusDocTests
{
    private static List<(int Code, string Name, string Meaning)> Rows()
    {
        string guide = DocProgram.ReadGuide("softphone.md");
        int start = guide.IndexOf("### Status codes", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/softphone.md has no \"### Status codes\" section.");
        int end = guide.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        var section = guide[start..(end < 0 ? guide.Length : end)];
        var rows = new List<(int, string, string)>();
        foreach (var line in section.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length == 3 && int.TryParse(cells[0], out int code))
            {
                rows.Add((code, cells[1].Trim('`'), cells[2]));
            }
        }

        return rows;
    }

    [Fact]
    public void Every_status_appears_in_the_table_under_its_code_with_its_name()
    {
        var rows = Rows();

        foreach (var status in Enum.GetValues<SoftphoneStatus>())
        {
            var row = Assert.Single(rows, r => r.Code == (int)status);
            Assert.Equal(status.ToString(), row.Name);
            Assert.False(string.IsNullOrWhiteSpace(row.Meaning), $"{status} has no meaning in the table.");
        }
    }

    [Fact]
    public void The_table_lists_no_code_the_enum_lacks_and_says_ready_is_Idle()
    {
        var rows = Rows();

        Assert.Equal(Enum.GetValues<SoftphoneStatus>().Length, rows.Count);
        Assert.All(rows, r => Assert.True(Enum.IsDefined((SoftphoneStatus)r.Code), $"{r.Code} is not a SoftphoneStatus."));
        Assert.Contains("ready", rows.Single(r => r.Name == nameof(SoftphoneStatus.Idle)).Meaning, StringComparison.Ordinal);
    }
}
