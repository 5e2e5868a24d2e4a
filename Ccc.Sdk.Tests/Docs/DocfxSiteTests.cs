using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Docs;

/// <summary>
/// The API reference site (docs/api-reference.md): built offline with the repository's docfx tool into a temporary
/// folder, once for the class, then checked for broken links — docfx's own warnings, and every relative <c>href</c>
/// and <c>src</c> of the generated HTML.
/// </summary>
public sealed partial class DocfxSiteTests(DocfxSiteTests.Site site, ITestOutputHelper output) : IClassFixture<DocfxSiteTests.Site>
{
    /// <summary>Every shipped library (the packaging tests' list): each has API pages.</summary>
    private static readonly string[] Libraries = Packaging.PackedLibraries.Libraries;

    [Fact]
    public void The_site_builds_without_a_docfx_warning()
    {
        output.WriteLine($"dotnet docfx docfx/docfx.json: {site.Elapsed.TotalSeconds:0.0} s, {site.HtmlFiles.Count} HTML pages");
        var warnings = DocfxWarnings(site.Log);

        Assert.True(warnings.Count == 0, "docfx warned:\n" + string.Join('\n', warnings));
    }

    [Fact]
    public void Every_relative_link_and_source_in_the_generated_html_resolves_to_a_file_and_every_fragment_to_an_element()
    {
        var broken = BrokenLinks(site.Output);

        Assert.True(broken.Count == 0, $"{broken.Count} broken links:\n" + string.Join('\n', broken.Take(100)));
    }

    [Fact]
    public void The_link_checker_finds_a_missing_file_a_folder_without_index_and_a_missing_fragment()
    {
        string dir = Directory.CreateTempSubdirectory("ccc-links-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "docs", "decisions"));
            File.WriteAllText(Path.Combine(dir, "docs", "page.html"), """<h2 id="here">x</h2><a href="#here">ok</a><a href="#gone">x</a>""");
            File.WriteAllText(Path.Combine(dir, "index.html"), """
                <link href="docs/page.html"><a href="docs/page.html#here">ok</a><a href="https://example.com/x">ok</a>
                <a href="docs/page.html#nowhere">x</a><a href="docs/decisions/">x</a><img src="images/missing.png">
                <a href="mailto:a@example.com">ok</a><a href='docs/missing%20page.html'>x</a>
                """);

            var broken = BrokenLinks(dir);

            Assert.Equal(
                [
                    "docs/page.html: #gone (no element has this id)",
                    "index.html: docs/decisions/ (no such file)",
                    "index.html: docs/missing%20page.html (no such file)",
                    "index.html: docs/page.html#nowhere (no element has this id)",
                    "index.html: images/missing.png (no such file)",
                ],
                broken.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_page_under_docs_is_in_the_guides_table_of_contents()
    {
        string root = Repository.Root;
        string toc = File.ReadAllText(Path.Combine(root, "docfx", "guides", "toc.yml"));
        var listed = TocHref().Matches(toc)
            .Select(m => Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(root, "docfx", "guides", m.Groups[1].Value))).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);
        var pages = Repository.TrackedFiles().Where(f => f.StartsWith("docs/", StringComparison.Ordinal) && f.EndsWith(".md", StringComparison.Ordinal));

        var missing = pages.Where(p => !listed.Contains(p)).ToList();

        Assert.True(missing.Count == 0, "not in docfx/guides/toc.yml: " + string.Join(", ", missing));
        Assert.Contains("docs/aot.md", listed);
    }

    [Fact]
    public void The_api_reference_has_pages_of_each_shipped_library_and_a_method_per_action_on_CccClient()
    {
        var pagesByAssembly = site.HtmlFiles
            .Where(f => f.StartsWith("api/", StringComparison.Ordinal))
            .Select(f => AssemblyOfPage().Match(File.ReadAllText(Path.Combine(site.Output, f))))
            .Where(m => m.Success)
            .GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        output.WriteLine(string.Join(", ", pagesByAssembly.Select(p => $"{p.Key}: {p.Value} type pages")));
        string client = File.ReadAllText(Path.Combine(site.Output, "api", "Ccc.Sdk.CccClient.html"));
        using var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "api", "ccc-api-2020-07-01.json")));
        var actions = description.RootElement.GetProperty("actions").EnumerateObject().Select(a => a.Name).ToList();

        Assert.All(Libraries, library => Assert.True(pagesByAssembly.GetValueOrDefault(library) > 0, $"no API page of {library}"));
        Assert.True(pagesByAssembly["Ccc.Sdk"] >= actions.Count, $"{pagesByAssembly["Ccc.Sdk"]} Ccc.Sdk pages for {actions.Count} actions");
        Assert.All(actions, action => Assert.Contains($"data-uid=\"Ccc.Sdk.CccClient.{action}Async*\"", client, StringComparison.Ordinal));
    }

    /// <summary>docfx's warning and error lines (<c>file(line,col): warning Code: message</c>).</summary>
    private static List<string> DocfxWarnings(string log) =>
        log.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => DocfxWarning().IsMatch(l)).Distinct().ToList();

    /// <summary>
    /// Every relative <c>href</c>/<c>src</c> of every HTML file under <paramref name="site"/> that resolves to no file (a
    /// folder counts when it has an <c>index.html</c>), and every <c>#fragment</c> (of a link within the page or to
    /// another HTML page) that names no <c>id</c> or <c>name</c> of its target. Absolute URLs (any scheme) are not followed.
    /// </summary>
    internal static List<string> BrokenLinks(string site)
    {
        var ids = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> IdsOf(string file)
        {
            if (!ids.TryGetValue(file, out var set))
            {
                set = ElementId().Matches(File.ReadAllText(file)).Select(m => WebUtility.HtmlDecode(m.Groups[2].Value)).ToHashSet(StringComparer.Ordinal);
                ids[file] = set;
            }

            return set;
        }

        var broken = new List<string>();
        foreach (string page in Directory.EnumerateFiles(site, "*.html", SearchOption.AllDirectories))
        {
            string dir = Path.GetDirectoryName(page)!;
            string name = Path.GetRelativePath(site, page).Replace('\\', '/');
            foreach (Match m in LinkAttribute().Matches(File.ReadAllText(page)))
            {
                string link = WebUtility.HtmlDecode(m.Groups[2].Value).Trim();
                if (link.Length == 0 || link.StartsWith("//", StringComparison.Ordinal) || UrlScheme().IsMatch(link))
                {
                    continue;
                }

                int hash = link.IndexOf('#', StringComparison.Ordinal);
                string path = hash < 0 ? link : link[..hash];
                string fragment = hash < 0 ? "" : Uri.UnescapeDataString(link[(hash + 1)..]);
                int query = path.IndexOf('?', StringComparison.Ordinal);
                path = Uri.UnescapeDataString(query < 0 ? path : path[..query]);
                string target = path.Length == 0 ? page
                    : path.StartsWith('/') ? Path.Combine(site, path.TrimStart('/'))
                    : Path.GetFullPath(Path.Combine(dir, path));
                if (Directory.Exists(target))
                {
                    target = Path.Combine(target, "index.html");
                }

                if (!File.Exists(target))
                {
                    broken.Add($"{name}: {link} (no such file)");
                }
                else if (fragment.Length > 0 && target.EndsWith(".html", StringComparison.Ordinal) && !IdsOf(target).Contains(fragment))
                {
                    broken.Add($"{name}: {link} (no element has this id)");
                }
            }
        }

        return broken.Distinct().ToList();
    }

    [GeneratedRegex(@"\b(?:warning|error)\s+[A-Za-z][A-Za-z0-9]*\s*:")]
    private static partial Regex DocfxWarning();

    [GeneratedRegex(@"\s(?:href|src)\s*=\s*(""|')(.*?)\1", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex LinkAttribute();

    [GeneratedRegex(@"\s(?:id|name)\s*=\s*(""|')(.*?)\1", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ElementId();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:")]
    private static partial Regex UrlScheme();

    [GeneratedRegex(@"^\s*-?\s*(?:href|topicHref):\s*(\S+\.md)\s*$", RegexOptions.Multiline)]
    private static partial Regex TocHref();

    [GeneratedRegex(@"Assembly</dt>\s*<dd>([^<]+)\.dll</dd>")]
    private static partial Regex AssemblyOfPage();

    /// <summary>
    /// The site, built once for the class: <c>dotnet docfx docfx/docfx.json -o &lt;temp&gt;</c> from the repository root
    /// (the tool of <c>.config/dotnet-tools.json</c>, restored beforehand by <c>.ci/run</c>; no network needed). The
    /// metadata step reads the four built libraries (the sample CRM's Debug output, built with the solution) and writes
    /// its YAML into <c>docfx/api</c> (ignored by git), as the documented command does.
    /// </summary>
    public sealed class Site : IAsyncLifetime
    {
        /// <summary>Where the site is.</summary>
        public string Output { get; } = Directory.CreateTempSubdirectory("ccc-docfx-").FullName;

        /// <summary>What docfx printed.</summary>
        public string Log { get; private set; } = "";

        /// <summary>How long the build took.</summary>
        public TimeSpan Elapsed { get; private set; }

        /// <summary>The site's HTML pages, relative to <see cref="Output"/> with '/' separators.</summary>
        public List<string> HtmlFiles { get; private set; } = [];

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            string manifest = File.ReadAllText(Path.Combine(Repository.Root, ".config", "dotnet-tools.json"));
            Assert.Contains("\"docfx\"", manifest, StringComparison.Ordinal);
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            long started = TimeProvider.System.GetTimestamp();
            var run = await DocProgram.RunAsync(Repository.Root, ["docfx", Path.Combine("docfx", "docfx.json"), "-o", Output], cts.Token);
            Elapsed = TimeProvider.System.GetElapsedTime(started);
            Log = run.Output + run.Error;
            Assert.True(run.ExitCode == 0,
                $"dotnet docfx failed (exit code {run.ExitCode}); is the tool restored (`dotnet tool restore`, see docs/api-reference.md)?\n{Log}");
            HtmlFiles = Directory.EnumerateFiles(Output, "*.html", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Output, f).Replace('\\', '/'))
                .ToList();
            Assert.Contains("index.html", HtmlFiles);
        }

        /// <inheritdoc />
        public Task DisposeAsync()
        {
            try
            {
                Directory.Delete(Output, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp folder is cleaned up by the OS.
            }

            return Task.CompletedTask;
        }
    }
}
