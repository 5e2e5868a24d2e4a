using System.Text.Json;

namespace Ccc.Sdk.Tests.Cli;

/// <summary>How the tool's tables look when its output is redirected (as scripts and these tests see it): plain text, one line per row.</summary>
public sealed class CliOutputTests : IClassFixture<CallsCliFixture>
{
    private const string Name = "[red]Eve</b> [/] & [link=x]";

    private readonly CallsCliFixture _f;

    public CliOutputTests(CallsCliFixture fixture) => _f = fixture;

    [Fact]
    public async Task Text_from_the_service_is_printed_as_it_is_never_read_as_markup()
    {
        await _f.Client.ModifyUserAsync(new ModifyUserRequest { UserId = CallsCliFixture.Agent3, WorkMode = "ON_SITE", DisplayName = Name });

        var table = await _f.Run("agents", "list");
        var json = await _f.Run("agents", "list", "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        var row = Assert.Single(table.Stdout.Split('\n'), l => l.Contains(CallsCliFixture.Agent3, StringComparison.Ordinal));
        Assert.Contains(Name, row, StringComparison.Ordinal); // whole, on the agent's own line
        Assert.DoesNotContain("\u001b[", table.Stdout, StringComparison.Ordinal); // no escape codes when redirected
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Contains(JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray(), a => a.GetProperty("name").GetString() == Name);
    }

    [Fact]
    public async Task A_table_wider_than_80_columns_is_not_wrapped_when_redirected()
    {
        var from = _f.At(-1);
        var contactId = await _f.TalkedCall(CallsCliFixture.Agent1, "13800000401", 1_000);

        var result = await _f.Run("cdr", "list", "--from", from, "--to", _f.At(1));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        var row = Assert.Single(lines, l => l.Contains(contactId, StringComparison.Ordinal));
        Assert.True(row.Length > 120, row);
        foreach (var cell in new[] { "Outbound", "Success", "13800000401", CallsCliFixture.Agent1, "sales@ccc-local" })
        {
            Assert.Contains(cell, row, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task An_empty_list_says_none()
    {
        var result = await _f.Run("calls", "list", "--agent", CallsCliFixture.Agent2);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("(none)", result.Stdout.Trim());
    }
}
