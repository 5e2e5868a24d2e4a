using System.Text.Json;

namespace Ccc.Sdk.Tests.Cli;

/// <summary><c>ccc recordings download</c> run as a process against an in-process emulator: a window's recordings, resumed on a rerun.</summary>
public sealed class RecordingsCommandTests : IClassFixture<RecordingsCommandTests.TwoRecordedCalls>, IDisposable
{
    private readonly TwoRecordedCalls _f;
    private readonly string _out = Path.Combine(Path.GetTempPath(), "ccc-cli-recordings-" + Guid.NewGuid().ToString("N"));

    public RecordingsCommandTests(TwoRecordedCalls fixture) => _f = fixture;

    /// <summary>Two recorded calls (1 s and 2 s of talk) and one that never connected, all in [From, To].</summary>
    public sealed class TwoRecordedCalls : CallsCliFixture
    {
        public string From { get; private set; } = "";

        public string To { get; private set; } = "";

        public string[] Recorded { get; private set; } = [];

        protected override async Task SeedAsync()
        {
            From = At(-1);
            var a = await TalkedCall(Agent1, "13800000301", 1_000);
            var b = await TalkedCall(Agent2, "13800000302", 2_000);
            await SetPhone("13800000303", """{"behavior":"busy"}""");
            await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = "13800000303" }); // busy: no recording
            Advance(100);
            To = At(1);
            Recorded = [a, b];
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private string FileOf(string contactId) => Path.Combine(_out, contactId + ".wav");

    private Task<CliResult> Download(params string[] more) => _f.Run(["recordings", "download", "--from", _f.From, "--to", _f.To, "--out", _out, .. more]);

    [Fact]
    public async Task A_window_is_downloaded_one_file_per_recorded_call_with_a_json_summary_then_a_rerun_skips_them()
    {
        var first = await Download("--json", "--parallel", "2");

        Assert.True(first.ExitCode == 0, first.ToString());
        using (var json = JsonDocument.Parse(first.Stdout))
        {
            var root = json.RootElement;
            Assert.Equal(_f.Recorded.Order(), root.GetProperty("downloaded").EnumerateArray().Select(e => e.GetString()).Order());
            Assert.Equal(0, root.GetProperty("skipped").GetArrayLength());
            Assert.Equal(0, root.GetProperty("failed").GetArrayLength());
            Assert.Equal((44 + 16_000) + (44 + 32_000), root.GetProperty("bytesDownloaded").GetInt64());
            Assert.Equal(Path.GetFullPath(_out), root.GetProperty("destination").GetString());
        }

        Assert.Equal(44 + 16_000, new FileInfo(FileOf(_f.Recorded[0])).Length); // 8 kHz, 16-bit mono: 1 s of talk
        Assert.Equal(44 + 32_000, new FileInfo(FileOf(_f.Recorded[1])).Length);
        Assert.Equal(_f.Recorded.Select(id => id + ".wav").Order(), Directory.EnumerateFiles(_out).Select(Path.GetFileName).Order());
        Assert.Equal(2, first.Stderr.Split('\n').Count(l => l.StartsWith("downloaded job-", StringComparison.Ordinal))); // the lines go to stderr with --json

        var written = File.GetLastWriteTimeUtc(FileOf(_f.Recorded[0]));
        var rerun = await Download();

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(2, rerun.Stdout.Split('\n').Count(l => l.StartsWith("skipped job-", StringComparison.Ordinal) && l.Contains("already complete", StringComparison.Ordinal)));
        Assert.Contains("0 downloaded (0 bytes), 2 already complete, 0 failed", rerun.Stdout, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(FileOf(_f.Recorded[0])));
    }

    [Fact]
    public async Task A_part_file_left_by_an_interrupted_run_is_downloaded_again()
    {
        Directory.CreateDirectory(_out);
        await File.WriteAllBytesAsync(FileOf(_f.Recorded[0]), new byte[44 + 16_000]); // complete from an earlier run
        await File.WriteAllTextAsync(FileOf(_f.Recorded[1]) + ".part", "half a file");

        var result = await Download();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"skipped {_f.Recorded[0]}.wav", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"downloaded {_f.Recorded[1]}.wav ({44 + 32_000} bytes)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 downloaded (32044 bytes), 1 already complete, 0 failed", result.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(FileOf(_f.Recorded[1]) + ".part"));
        Assert.Equal(44 + 32_000, new FileInfo(FileOf(_f.Recorded[1])).Length);
    }

    [Fact]
    public async Task A_recording_that_cannot_be_written_fails_alone_with_exit_code_5()
    {
        // A directory where the .part file would go: writing that one recording fails, the other is downloaded.
        Directory.CreateDirectory(FileOf(_f.Recorded[0]) + ".part");

        var result = await Download("--json");

        Assert.True(result.ExitCode == 5, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal([_f.Recorded[1]], json.RootElement.GetProperty("downloaded").EnumerateArray().Select(e => e.GetString()));
        var failure = Assert.Single(json.RootElement.GetProperty("failed").EnumerateArray());
        Assert.Equal(_f.Recorded[0], failure.GetProperty("contactId").GetString());
        Assert.False(string.IsNullOrEmpty(failure.GetProperty("reason").GetString()));
        Assert.Contains($"ccc: {_f.Recorded[0]}: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ccc: 1 of 2 recordings failed", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", result.Stdout + result.Stderr, StringComparison.Ordinal); // signed links never printed
        Assert.True(File.Exists(FileOf(_f.Recorded[1])));
    }

    [Theory]
    [InlineData("recordings", "download", "--from", "today")] // no --out
    [InlineData("recordings", "download", "--out", "x")] // no --from
    [InlineData("recordings", "download", "--from", "today", "--out", "x", "--parallel", "0")]
    public async Task A_wrong_command_line_is_exit_2(params string[] args)
    {
        var result = await _f.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("ccc: ", result.Stderr, StringComparison.Ordinal);
    }
}
