using System.Reflection;
using System.Xml.Linq;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Softphone;

namespace Ccc.Sdk.Tests.Packaging;

/// <summary>
/// The public API of every shipped library is tracked (issue 15, "Packages"): the project references
/// Microsoft.CodeAnalysis.PublicApiAnalyzers, and its PublicAPI.Shipped.txt / PublicAPI.Unshipped.txt declare every
/// public type the built assembly exports, so a public member added without an entry fails the build (RS0016 is an
/// error: warnings are errors).
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Libraries() => new(PackedLibraries.Libraries);

    private static Assembly AssemblyOf(string library) => library switch
    {
        "Ccc.Sdk" => typeof(CccClient).Assembly,
        "Ccc.Sdk.AspNetCore" => typeof(Ccc.Sdk.AspNetCore.WorkbenchProxy.CccWorkbenchProxyOptions).Assembly,
        "Ccc.Sdk.Softphone" => typeof(SoftphoneOptions).Assembly,
        "Ccc.Sdk.Emulator" => typeof(CccEmulator).Assembly,
        "Ccc.Sdk.AspNetCore.Sqlite" => typeof(Ccc.Sdk.AspNetCore.Events.SqliteCccEventInbox).Assembly,
        "Ccc.Sdk.AspNetCore.PostgreSql" => typeof(Ccc.Sdk.AspNetCore.Events.PostgresCccEventInbox).Assembly,
        "Ccc.Sdk.Development" => typeof(Ccc.Sdk.Development.CccDevelopmentOptions).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(library), library, "not a shipped library"),
    };

    private static HashSet<string> Declared(string library)
    {
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" })
        {
            string path = Path.Combine(Repository.Root, library, file);
            Assert.True(File.Exists(path), $"{library} has no {file}");
            string[] content = File.ReadAllLines(path);
            Assert.Equal("#nullable enable", content.FirstOrDefault());
            lines.UnionWith(content.Skip(1));
        }

        return lines;
    }

    /// <summary>Whether a line of a PublicAPI file starts with <paramref name="prefix"/> after its modifiers
    /// (<c>virtual</c>, <c>static</c>, <c>override</c>, ...).</summary>
    private static bool Declares(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.Ordinal) || line.Contains(" " + prefix, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_project_runs_the_public_api_analyzer(string library)
    {
        XElement project = XElement.Load(Path.Combine(Repository.Root, library, library + ".csproj"));
        XElement reference = project.Descendants("PackageReference")
            .Single(r => r.Attribute("Include")?.Value == "Microsoft.CodeAnalysis.PublicApiAnalyzers");
        Assert.Equal("all", reference.Attribute("PrivateAssets")?.Value);
        Assert.Equal("true", project.Descendants("IsPackable").Single().Value);
        Assert.Equal("true", project.Descendants("GenerateDocumentationFile").Single().Value);
        // RS0016 / RS0017 must stay errors: no NoWarn or WarningsNotAsErrors of the project or Directory.Build.props names them.
        XElement props = XElement.Load(Path.Combine(Repository.Root, "Directory.Build.props"));
        string[] relaxed = props.Descendants().Concat(project.Descendants())
            .Where(e => e.Name.LocalName is "NoWarn" or "WarningsNotAsErrors")
            .Select(e => e.Value)
            .ToArray();
        Assert.Contains(relaxed, v => v.Contains("RS0026", StringComparison.Ordinal));   // the one relaxation, on purpose
        Assert.DoesNotContain(relaxed, v => v.Contains("RS0016", StringComparison.Ordinal) || v.Contains("RS0017", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Every_exported_type_is_declared(string library)
    {
        HashSet<string> declared = Declared(library);
        Type[] exported = AssemblyOf(library).GetExportedTypes();
        Assert.NotEmpty(exported);

        // The analyzer's spelling of a type: "Namespace.Outer.Inner" (a generic one as "Name<T>"); a line naming the type
        // alone declares it (members follow as "Type.Member(...) -> ...").
        static string Spelling(Type t)
        {
            string name = t.Name;
            int tick = name.IndexOf('`', StringComparison.Ordinal);
            if (tick >= 0)
            {
                Type[] own = t.GetGenericArguments()[(t.DeclaringType?.GetGenericArguments().Length ?? 0)..];
                name = name[..tick] + "<" + string.Join(", ", own.Select(a => a.Name)) + ">";
            }

            return t.DeclaringType is { } outer ? Spelling(outer) + "." + name : t.Namespace + "." + name;
        }

        string[] missing = exported.Select(Spelling).Where(s => !declared.Any(l => l == s || l.EndsWith(" " + s, StringComparison.Ordinal))).ToArray();
        Assert.True(missing.Length == 0, $"{library}'s PublicAPI files lack: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_generated_actions_are_in_the_sdk_api()
    {
        HashSet<string> declared = Declared("Ccc.Sdk");
        // Every action of the cloud's description has its generated CccClient method (Ccc.Sdk/Generated/{Action}.cs).
        using var description = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "api", "ccc-api-2020-07-01.json")));
        string[] generated = description.RootElement.GetProperty("actions").EnumerateObject().Select(a => a.Name).ToArray();
        Assert.Equal(253, generated.Length);

        string[] missing = generated.Where(a => !declared.Any(l => Declares(l, $"Ccc.Sdk.CccClient.{a}Async("))).ToArray();
        Assert.True(missing.Length == 0, $"no CccClient method declared for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Internal_types_stay_out_of_the_declared_api()
    {
        // The emulator is packable for users' tests, but its engine stays internal: nothing of it is declared.
        HashSet<string> declared = Declared("Ccc.Sdk.Emulator");
        Assert.DoesNotContain(declared, l => l.Contains("CallEngine", StringComparison.Ordinal));
        Assert.DoesNotContain(declared, l => l.Contains("ApiDescription", StringComparison.Ordinal));
        Type engine = typeof(CccEmulator).Assembly.GetTypes().Single(t => t.Name == "CallEngine");
        Assert.False(engine.IsVisible);
    }
}
