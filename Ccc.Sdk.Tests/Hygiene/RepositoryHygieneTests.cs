using System.Diagnostics;
using System.Text;

namespace Ccc.Sdk.Tests.Hygiene;

/// <summary>
/// The repository stands on its own: no tracked file points at a folder beside the clone, which a fresh clone does
/// not have. Test data lives in <c>Ccc.Sdk.Tests/TestData/</c>; references are cited by their public address.
/// </summary>
public sealed class RepositoryHygieneTests
{
    // Built from parts so this file does not match itself.
    private static readonly string Sibling = ".." + "/" + "shared";

    [Fact]
    public void No_tracked_file_mentions_a_shared_folder_beside_the_repository()
    {
        string root = Repository.Root;
        var offenders = new List<string>();
        var tracked = Repository.TrackedFiles();
        Assert.NotEmpty(tracked);
        foreach (string file in tracked)
        {
            string path = Path.Combine(root, file);
            if (!File.Exists(path))
            {
                continue; // deleted in the working tree, not yet committed
            }

            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Sibling)) < 0)
            {
                continue;
            }

            string[] lines = File.ReadAllLines(path);
            var numbers = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(Sibling, StringComparison.Ordinal)).Select(i => i + 1);
            offenders.Add($"{file}:{string.Join(',', numbers)}");
        }

        Assert.True(offenders.Count == 0, $"Tracked files mention {Sibling} (file:lines):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_test_vectors_are_part_of_the_repository()
    {
        var tracked = Repository.TrackedFiles().ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Ccc.Sdk.Tests/TestData/vectors/signing.json", tracked);
        Assert.Contains("Ccc.Sdk.Tests/TestData/vectors/webhooks.json", tracked);
    }

    /// <summary>
    /// The paths git tracks, relative to the repository root, with '/' separators. A source archive without
    /// <c>.git</c> has only what was tracked, less the build's and tools' output, so then every other file counts.
    /// </summary>
}
