using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Ccc.Sdk.Tests.Docs;

/// <summary>
/// The projects picture of <c>docs/architecture.md</c> (its first <c>```mermaid</c> block) is the solution: every project
/// of <c>Ccc.Sdk.sln</c> is in it and nothing else, and its arrows are exactly the projects' <c>ProjectReference</c>s.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    [Fact]
    public void The_picture_names_every_project_of_the_solution_and_no_other()
    {
        var (nodes, _) = Picture();
        var solution = SolutionProjects().Keys.ToHashSet(StringComparer.Ordinal);
        Assert.True(solution.Count >= 10, $"only {solution.Count} projects read from Ccc.Sdk.sln");

        var pictured = nodes.Values.ToHashSet(StringComparer.Ordinal);
        Assert.True(solution.Except(pictured).ToList() is [], "projects of the solution missing from the picture: " + string.Join(", ", solution.Except(pictured)));
        Assert.True(pictured.Except(solution).ToList() is [], "projects in the picture that the solution does not have: " + string.Join(", ", pictured.Except(solution)));
    }

    [Fact]
    public void The_pictures_arrows_are_exactly_the_project_references()
    {
        var (nodes, edges) = Picture();
        var pictured = edges.Select(e => (From: nodes[e.From], To: nodes[e.To])).ToHashSet();

        var actual = new HashSet<(string From, string To)>();
        foreach (var (name, path) in SolutionProjects())
        {
            string full = Path.Combine(Repository.Root, path);
            foreach (var reference in XDocument.Load(full).Descendants("ProjectReference"))
            {
                string target = Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
                actual.Add((name, target));
            }
        }

        Assert.NotEmpty(actual);
        var missing = actual.Except(pictured).Select(e => $"{e.From} --> {e.To}").ToList();
        var extra = pictured.Except(actual).Select(e => $"{e.From} --> {e.To}").ToList();
        Assert.True(missing.Count == 0, "references without an arrow: " + string.Join(", ", missing));
        Assert.True(extra.Count == 0, "arrows that are not references: " + string.Join(", ", extra));
    }

    [Fact]
    public void The_emulator_references_no_package_in_the_picture()
    {
        var (nodes, edges) = Picture();
        Assert.DoesNotContain(edges, e => nodes[e.From] == "Ccc.Sdk.Emulator");
    }

    /// <summary>The projects of the solution (name to relative path); solution folders are not projects.</summary>
    private static Dictionary<string, string> SolutionProjects()
    {
        string sln = File.ReadAllText(Path.Combine(Repository.Root, "Ccc.Sdk.sln"));
        return SolutionProject().Matches(sln).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Replace('\\', '/'), StringComparer.Ordinal);
    }

    /// <summary>The nodes (id to project name) and arrows (ids) of the first mermaid block.</summary>
    private static (Dictionary<string, string> Nodes, List<(string From, string To)> Edges) Picture()
    {
        string page = DocProgram.ReadGuide("architecture.md");
        string block = DocProgram.Blocks(page, "```mermaid")[0];
        var nodes = new Dictionary<string, string>(StringComparer.Ordinal);
        var edges = new List<(string, string)>();
        foreach (string line in block.Split('\n'))
        {
            var node = Node().Match(line);
            if (node.Success)
            {
                Assert.True(nodes.TryAdd(node.Groups[1].Value, node.Groups[2].Value), $"node {node.Groups[1].Value} defined twice");
            }

            var edge = Edge().Match(line);
            if (edge.Success)
            {
                edges.Add((edge.Groups[1].Value, edge.Groups[2].Value));
            }
        }

        Assert.True(nodes.Count >= 10, $"only {nodes.Count} project nodes found in the picture");
        var undefined = edges.SelectMany(e => new[] { e.Item1, e.Item2 }).Where(id => !nodes.ContainsKey(id)).Distinct().ToList();
        Assert.True(undefined.Count == 0, "arrows from or to undefined nodes: " + string.Join(", ", undefined));
        return (nodes, edges);
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\)\s*=\s*""([^""]+)"",\s*""([^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();

    [GeneratedRegex(@"^\s*(\w+)\[""(Ccc\.Sdk[\w.]*)""\]\s*$")]
    private static partial Regex Node();

    [GeneratedRegex(@"^\s*(\w+)\s*-->\s*(\w+)\s*$")]
    private static partial Regex Edge();
}
