using System.Text.RegularExpressions;

namespace Ccc.Sdk.Tests.Docs;

/// <summary>
/// <c>docs/troubleshooting.md</c> cannot drift from the code: every error code it names is in its index, and every code
/// of the index is one the shipped projects (the SDK, the ASP.NET Core package, the softphone, the emulator) know —
/// a string literal or a <c>&lt;c&gt;</c> element of their sources.
/// </summary>
public sealed partial class TroubleshootingDocTests
{
    private static readonly string[] ShippedProjects = ["Ccc.Sdk/", "Ccc.Sdk.AspNetCore/", "Ccc.Sdk.Softphone/", "Ccc.Sdk.Emulator/"];

    private static readonly Lazy<string> KnownSource = new(() => string.Join(
        "\n",
        Repository.TrackedFiles()
            .Where(f => ShippedProjects.Any(p => f.StartsWith(p, StringComparison.Ordinal)))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
            .Where(f => !f.Contains("/Generated/", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(Path.Combine(Repository.Root, f)))));

    [Fact]
    public void Every_code_of_the_index_is_known_to_the_code_base()
    {
        var index = IndexCodes(DocProgram.ReadGuide("troubleshooting.md"));
        Assert.True(index.Count >= 20, $"the index lists only {index.Count} codes");

        var unknown = index.Where(code => !IsKnown(code)).ToList();
        Assert.True(unknown.Count == 0, "codes the page names that no shipped project knows: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_code_the_page_names_is_in_its_index_or_is_a_known_family()
    {
        string page = DocProgram.ReadGuide("troubleshooting.md");
        var index = IndexCodes(page).ToHashSet(StringComparer.Ordinal);

        var named = CodeTokens(page).ToList();
        Assert.Contains("SignatureDoesNotMatch", named);

        var missing = named.Where(c => !c.EndsWith(".*", StringComparison.Ordinal) && !index.Contains(c)).Distinct().ToList();
        Assert.True(missing.Count == 0, "codes named on the page but missing from its index: " + string.Join(", ", missing));

        var unknownFamilies = named.Where(c => c.EndsWith(".*", StringComparison.Ordinal) && !IsKnown(c)).Distinct().ToList();
        Assert.True(unknownFamilies.Count == 0, "code families no shipped project knows: " + string.Join(", ", unknownFamilies));
    }

    [Theory]
    [InlineData("Forbidden.NoSuchReason")]
    [InlineData("SignatureDoesNotMatchAtAll")]
    [InlineData("CallRestricted.*Nope")]
    public void The_lookup_refuses_a_code_that_is_nowhere(string invented) => Assert.False(IsKnown(invented));

    [Theory]
    [InlineData("SignatureDoesNotMatch")]
    [InlineData("Forbidden.RAM")]
    [InlineData("Forbidden.AntiforgeryToken")]
    [InlineData("UnsupportedGeneration")]
    [InlineData("Permission.*")]
    public void The_lookup_finds_codes_of_each_shipped_project(string code) => Assert.True(IsKnown(code));

    /// <summary>A code is known when a shipped source has it as a string literal or in a <c>&lt;c&gt;</c> element; a
    /// family <c>X.*</c> when a literal starts with <c>X.</c>.</summary>
    private static bool IsKnown(string code)
    {
        string source = KnownSource.Value;
        if (code.EndsWith(".*", StringComparison.Ordinal))
        {
            string prefix = code[..^1];
            return source.Contains("\"" + prefix, StringComparison.Ordinal) || source.Contains("<c>" + code + "</c>", StringComparison.Ordinal);
        }

        return source.Contains("\"" + code + "\"", StringComparison.Ordinal) || source.Contains("<c>" + code + "</c>", StringComparison.Ordinal);
    }

    /// <summary>The first column of the table under <c>## Index</c>.</summary>
    private static List<string> IndexCodes(string page)
    {
        var codes = new List<string>();
        bool inIndex = false;
        foreach (string raw in page.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inIndex = line == "## Index";
                continue;
            }

            var cell = IndexRow().Match(line);
            if (inIndex && cell.Success)
            {
                codes.Add(cell.Groups[1].Value);
            }
        }

        return codes;
    }

    /// <summary>Backticked tokens shaped like the cloud's, the emulator's or the proxy's codes.</summary>
    private static IEnumerable<string> CodeTokens(string page) =>
        BacktickedToken().Matches(page).Select(m => m.Groups[1].Value).Where(t => CodeShape().IsMatch(t));

    [GeneratedRegex(@"^\|\s*`([^`]+)`\s*\|")]
    private static partial Regex IndexRow();

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex BacktickedToken();

    [GeneratedRegex(@"^(?:(?:Forbidden|Permission|NotExists|AlreadyExists|InvalidTimeStamp|InvalidAccessKeyId|InvalidSecurityToken|InvalidParameter|InvalidApi|CallRestricted|Parameter|Throttling|Unauthorized|Emulator|InternalService|AbnormalService|MissingParameter)(?:\.(?:\*|[A-Za-z]+))?|SignatureDoesNotMatch|IncompleteSignature|SignatureNonceUsed|MissingSecurityToken|InvalidSignatureMethod|UnsupportedGeneration|UserBusy|UserStateNotAllowed|ChannelStateNotAllowed)$")]
    private static partial Regex CodeShape();
}
