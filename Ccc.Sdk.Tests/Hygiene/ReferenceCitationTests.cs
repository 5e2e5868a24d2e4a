using System.Text;
using System.Text.RegularExpressions;

namespace Ccc.Sdk.Tests.Hygiene;

/// <summary>
/// Every citation in the repository can be looked up in the repository: no section-sign citations of outside
/// documents, and every rule id cited ("rule N2", "rules A1 and N2", "(O1, N2)", a test named <c>Rule_R6_…</c>, a
/// link to <c>behaviour-rules.md#r6</c>) is a heading of docs/reference/behaviour-rules.md.
/// </summary>
public sealed partial class ReferenceCitationTests
{
    private const string RulesPage = "docs/reference/behaviour-rules.md";

    // Written as an escape so this file does not hold the character it forbids.
    private const char SectionSign = '\u00A7';

    [Fact]
    public void No_tracked_file_contains_a_section_sign()
    {
        var offenders = new List<string>();
        foreach (var (path, lines) in TrackedTextFiles())
        {
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains(SectionSign, StringComparison.Ordinal))
                {
                    offenders.Add($"{path}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(offenders.Count == 0,
            "Cite docs/reference pages instead, and RFCs as 'RFC 6749, section 4.1.2':\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Every_cited_rule_id_is_defined_in_the_behaviour_rules_page()
    {
        var defined = DefinedRuleIds();
        Assert.Contains("N2", defined);

        string letters = string.Concat(defined.Select(id => id[0]).Distinct().Order());
        var bareList = new Regex(
            @"\((?:rules? )?(?<ids>[" + letters + @"]\d+(?:\s*(?:,|and|or|/|–|-|…)\s*[" + letters + @"]\d+)*)\)",
            RegexOptions.CultureInvariant);

        var offenders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, lines) in TrackedTextFiles())
        {
            string text = string.Join('\n', lines);
            foreach (var (id, index) in CitedIds(text, bareList))
            {
                if (!defined.Contains(id))
                {
                    int line = text.AsSpan(0, index).Count('\n') + 1;
                    offenders.Add($"{path}:{line}: {id}");
                }
            }
        }

        Assert.True(offenders.Count == 0,
            $"Rule ids cited but not defined as headings of {RulesPage}:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Citations_are_found_in_every_form_the_repository_uses()
    {
        var defined = new HashSet<string>(StringComparer.Ordinal) { "A1", "N2" };
        var bareList = new Regex(@"\((?:rules? )?(?<ids>[AN]\d+(?:\s*(?:,|and|or|/|–|-|…)\s*[AN]\d+)*)\)");

        string[] Ids(string text) => CitedIds(text, bareList).Select(c => c.Id).Distinct().ToArray();

        Assert.Equal(["N2"], Ids("cannot place calls (rule N2)"));
        Assert.Equal(["A1", "N2"], Ids("No outbound-capable number (rules A1 and N2)"));
        Assert.Equal(["A1", "N2"], Ids("an OFF_SITE agent (A1, N2)"));
        // Undefined ids are built at run time so the repository scan does not find them in this file.
        string undefined = "N" + "9";
        Assert.Equal([undefined], Ids("public async Task Rule_" + undefined + "_something()"));
        Assert.Equal([undefined], Ids("the old form FAQ-" + undefined));
        Assert.Equal(["N2"], Ids("[N2](reference/behaviour-rules.md#n2)"));
        Assert.Empty(Ids("a lone surrogate %ED%A0%80, signed with V3 (V3)"));
        Assert.All(Ids("see (N2) and rule A1"), id => Assert.Contains(id, defined));
    }

    /// <summary>Every id cited in <paramref name="text"/>, with the index where its citation starts.</summary>
    private static IEnumerable<(string Id, int Index)> CitedIds(string text, Regex bareList)
    {
        foreach (Match m in WordCitation().Matches(text))
        {
            foreach (Match id in RuleId().Matches(m.Groups["ids"].Value))
            {
                yield return (id.Value, m.Index);
            }
        }

        foreach (Match m in TestNameCitation().Matches(text))
        {
            yield return (m.Groups["id"].Value, m.Index);
        }

        foreach (Match m in RulesPageLink().Matches(text))
        {
            yield return (m.Groups["id"].Value.ToUpperInvariant(), m.Index);
        }

        foreach (Match m in bareList.Matches(text))
        {
            foreach (Match id in RuleId().Matches(m.Groups["ids"].Value))
            {
                yield return (id.Value, m.Index);
            }
        }
    }

    /// <summary>"rule N2", "Rules A1 and N2", "rules O2, N3, R6", "FAQ N2", "FAQ-O1".</summary>
    [GeneratedRegex(@"\b(?:[Rr]ules?|FAQ)[ \-]+(?<ids>[A-Z]\d+\b(?:\s*(?:,|and|or|to|/|–|-|…)\s*[A-Z]\d+\b)*)", RegexOptions.CultureInvariant)]
    private static partial Regex WordCitation();

    /// <summary>Test names such as <c>Rule_R6_…</c> or <c>FAQ_R6_…</c>.</summary>
    [GeneratedRegex(@"\b(?:Rule|FAQ)_(?<id>[A-Z]\d+)_", RegexOptions.CultureInvariant)]
    private static partial Regex TestNameCitation();

    [GeneratedRegex(@"behaviour-rules\.md#(?<id>[a-z]\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RulesPageLink();

    [GeneratedRegex(@"[A-Z]\d+", RegexOptions.CultureInvariant)]
    private static partial Regex RuleId();

    [GeneratedRegex(@"^#{2,6}\s+(?<id>[A-Z]\d+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RuleHeading();

    private static HashSet<string> DefinedRuleIds()
    {
        string page = File.ReadAllText(Path.Combine(Repository.Root, RulesPage));
        return RuleHeading().Matches(page).Select(m => m.Groups["id"].Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Tracked files that are text: no NUL byte in their first 8 KB.</summary>
    private static IEnumerable<(string Path, string[] Lines)> TrackedTextFiles()
    {
        foreach (string path in Repository.TrackedFiles())
        {
            string full = Path.Combine(Repository.Root, path);
            if (!File.Exists(full))
            {
                continue; // deleted in the work tree but not yet in the index
            }

            byte[] bytes = File.ReadAllBytes(full);
            if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
            {
                continue;
            }

            yield return (path, Encoding.UTF8.GetString(bytes).Split('\n'));
        }
    }
}
