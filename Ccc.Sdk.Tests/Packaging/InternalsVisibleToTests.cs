using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Ccc.Sdk.TestSupport;

namespace Ccc.Sdk.Tests.Packaging;

/// <summary>
/// No shipped package sees another one's internals (issue 15, decision 0023): a package may use only what another
/// package makes public, so each can be versioned and replaced on its own. Test and benchmark assemblies may still see
/// internals. Checked twice: in each shipped project's file, and in the built assembly's attributes.
/// </summary>
public sealed class InternalsVisibleToTests
{
    public static TheoryData<string> Libraries() => new(PackedLibraries.Libraries);

    private static readonly HashSet<string> Shipped = new(PackedLibraries.Libraries, StringComparer.OrdinalIgnoreCase);

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_project_grants_no_internals_to_another_shipped_package(string library)
    {
        var project = XDocument.Load(Path.Combine(Repository.Root, library, library + ".csproj"));
        var granted = project.Descendants("InternalsVisibleTo").Select(e => (string?)e.Attribute("Include") ?? "").ToList();

        Assert.DoesNotContain(granted, Shipped.Contains);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_assembly_grants_no_internals_to_another_shipped_package(string library)
    {
        var assembly = Assembly.Load(library);
        var granted = assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName.Split(',')[0].Trim())
            .ToList();

        Assert.DoesNotContain(granted, Shipped.Contains);
    }

    [Fact]
    public void The_check_sees_the_grants_that_exist()
    {
        // Ccc.Sdk does grant its internals to the tests: the attribute reading above sees the grants an assembly makes.
        var granted = typeof(CccClient).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();

        Assert.Contains("Ccc.Sdk.Tests", granted);
    }
}
