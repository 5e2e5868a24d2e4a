using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text.Json;
using System.Xml.Linq;

namespace Ccc.Sdk.Tests.Packaging;

/// <summary>
/// <c>dotnet pack</c> produces every shipped package with the metadata a team would ship (issue 15, "Packages"): the
/// license expression, project and repository URLs, tags, release notes, the icon and README (declared and inside the
/// package), the XML docs beside each assembly in <c>lib/</c>, and a <c>.snupkg</c> whose portable PDB carries SourceLink
/// information pointing at the repository.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class PackTests(PackedLibraries packed) : IClassFixture<PackedLibraries>
{
    private const string ProjectUrl = "https://github.com/ccc-sdk/ccc-sdk";

    /// <summary>The SourceLink custom debug information kind of portable PDBs.</summary>
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    /// <summary>The embedded source custom debug information kind of portable PDBs.</summary>
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    public static TheoryData<string> Libraries() => new(PackedLibraries.Libraries);

    private static XElement Metadata(ZipArchive package, string id)
    {
        ZipArchiveEntry? nuspec = package.GetEntry(id + ".nuspec");
        Assert.NotNull(nuspec);
        using Stream stream = nuspec.Open();
        XElement root = XDocument.Load(stream).Root!;
        return root.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Value(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_package_declares_the_shipped_metadata(string id)
    {
        using ZipArchive package = packed.Open(id);
        XElement metadata = Metadata(package, id);

        Assert.Equal(id, Value(metadata, "id"));
        XElement license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal(ProjectUrl, Value(metadata, "projectUrl"));
        XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Equal(ProjectUrl, repository.Attribute("url")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? "");   // PublishRepositoryUrl
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "authors")));

        string[] tags = (Value(metadata, "tags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("alibaba-cloud", tags);
        Assert.Contains("ccc", tags);
        Assert.Contains("contact-center", tags);
        Assert.Contains(ProjectUrl + "/blob/main/CHANGELOG.md", Value(metadata, "releaseNotes") ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_icon_and_readme_are_declared_and_inside_the_package(string id)
    {
        using ZipArchive package = packed.Open(id);
        XElement metadata = Metadata(package, id);

        string icon = Assert.IsType<string>(Value(metadata, "icon"));
        ZipArchiveEntry? iconEntry = package.GetEntry(icon);
        Assert.NotNull(iconEntry);
        using (Stream png = iconEntry.Open())
        {
            byte[] header = new byte[24];
            png.ReadExactly(header);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header[..8]);
            int width = (header[16] << 24) | (header[17] << 16) | (header[18] << 8) | header[19];
            int height = (header[20] << 24) | (header[21] << 16) | (header[22] << 8) | header[23];
            Assert.Equal((128, 128), (width, height));
        }

        string readme = Assert.IsType<string>(Value(metadata, "readme"));
        ZipArchiveEntry? readmeEntry = package.GetEntry(readme);
        Assert.NotNull(readmeEntry);
        using var reader = new StreamReader(readmeEntry.Open());
        string text = reader.ReadToEnd();
        Assert.StartsWith("# " + id + "\n", text, StringComparison.Ordinal);
        Assert.Contains("dotnet add package " + id, text, StringComparison.Ordinal);
        Assert.Contains("```csharp", text, StringComparison.Ordinal);
        Assert.Contains(ProjectUrl + "/blob/main/docs/", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_assembly_has_its_xml_docs_in_lib(string id)
    {
        using ZipArchive package = packed.Open(id);
        string[] lib = package.Entries.Select(e => e.FullName).Where(n => n.StartsWith("lib/net10.0/", StringComparison.Ordinal)).ToArray();

        Assert.Contains($"lib/net10.0/{id}.dll", lib);
        Assert.Contains($"lib/net10.0/{id}.xml", lib);
        using var reader = new StreamReader(package.GetEntry($"lib/net10.0/{id}.xml")!.Open());
        XElement doc = XDocument.Load(reader).Root!;
        Assert.Equal(id, doc.Element("assembly")?.Element("name")?.Value);
        // More than a handful of members, or (a small package such as Ccc.Sdk.Development) every exported type.
        var documented = doc.Element("members")!.Elements("member").Select(m => (string?)m.Attribute("name")).ToHashSet(StringComparer.Ordinal);
        var exported = System.Reflection.Assembly.Load(id).GetExportedTypes().Select(t => "T:" + t.FullName!.Replace('+', '.')).ToList();
        Assert.NotEmpty(exported);
        Assert.True(documented.Count > 10 || exported.All(documented.Contains), $"{id}.xml documents almost nothing");
        Assert.DoesNotContain(lib, n => n.EndsWith(".pdb", StringComparison.Ordinal));   // symbols go to the .snupkg
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_symbol_package_has_a_portable_pdb_with_source_link(string id)
    {
        using ZipArchive symbols = packed.Open(id, "snupkg");
        ZipArchiveEntry? pdbEntry = symbols.GetEntry($"lib/net10.0/{id}.pdb");
        Assert.NotNull(pdbEntry);

        using var pdb = new MemoryStream();
        using (Stream stream = pdbEntry.Open())
        {
            stream.CopyTo(pdb);
        }

        pdb.Position = 0;
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        MetadataReader reader = provider.GetMetadataReader();
        string? sourceLink = null;
        int embedded = 0;
        foreach (CustomDebugInformationHandle handle in reader.CustomDebugInformation)
        {
            CustomDebugInformation info = reader.GetCustomDebugInformation(handle);
            Guid kind = reader.GetGuid(info.Kind);
            if (kind == SourceLinkKind)
            {
                sourceLink = System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
            }
            else if (kind == EmbeddedSourceKind)
            {
                embedded++;
            }
        }

        Assert.NotNull(sourceLink);
        using JsonDocument json = JsonDocument.Parse(sourceLink);
        string[] targets = json.RootElement.GetProperty("documents").EnumerateObject().Select(p => p.Value.GetString()!).ToArray();
        Assert.NotEmpty(targets);
        Assert.All(targets, t => Assert.StartsWith("https://raw.githubusercontent.com/ccc-sdk/ccc-sdk/", t, StringComparison.Ordinal));
        Assert.True(embedded > 0, "no source embedded (EmbedUntrackedSources): the generated files would be missing from the debugger");
    }

    [Fact]
    public void The_emulator_package_leaves_the_stand_alone_settings_out()
    {
        using ZipArchive package = packed.Open("Ccc.Sdk.Emulator");
        string[] names = package.Entries.Select(e => e.FullName).ToArray();

        Assert.DoesNotContain(names, n => n.Contains("appsettings", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(names, n => n.StartsWith("content", StringComparison.Ordinal));
        // Its framework is the ASP.NET Core shared framework, and it never depends on Ccc.Sdk.
        XElement metadata = Metadata(package, "Ccc.Sdk.Emulator");
        Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "frameworkReference" && e.Attribute("name")?.Value == "Microsoft.AspNetCore.App");
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency" && e.Attribute("id")?.Value == "Ccc.Sdk");
    }
}
