using System.Text;
using Ccc.Sdk.Generator;

// Regenerates Ccc.Sdk/Generated/*.cs and docs/api-coverage.md from api/. Run from anywhere inside the repository:
//   dotnet run --project tools/Ccc.Sdk.Generator
string? root = Directory.GetCurrentDirectory();
while (root is not null && !File.Exists(Path.Combine(root, "Ccc.Sdk.sln")))
{
    root = Path.GetDirectoryName(root);
}

if (root is null)
{
    Console.Error.WriteLine("Run this inside the repository (no Ccc.Sdk.sln found above the current directory).");
    return 2;
}

IReadOnlyDictionary<string, string> files;
try
{
    files = ClientGenerator.Generate(
        File.ReadAllBytes(Path.Combine(root, ClientGenerator.DescriptionPath)),
        File.ReadAllBytes(Path.Combine(root, ClientGenerator.OverridesPath)),
        File.ReadAllText(Path.Combine(root, ClientGenerator.SimulatedPath)));
}
catch (InvalidDataException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

int written = 0;
foreach (var (relative, text) in files)
{
    string path = Path.Combine(root, relative);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    if (!File.Exists(path) || File.ReadAllText(path) != text)
    {
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        written++;
    }
}

int deleted = 0;
foreach (string path in Directory.EnumerateFiles(Path.Combine(root, ClientGenerator.GeneratedDirectory), "*" + ClientGenerator.GeneratedSuffix, SearchOption.TopDirectoryOnly))
{
    string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
    if (!files.ContainsKey(relative))
    {
        File.Delete(path);
        deleted++;
    }
}

Console.WriteLine($"{files.Count} files generated: {written} written, {files.Count - written} unchanged, {deleted} stale deleted.");
return 0;
