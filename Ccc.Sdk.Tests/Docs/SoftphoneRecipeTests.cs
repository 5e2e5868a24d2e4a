namespace Ccc.Sdk.Tests.Docs;

/// <summary>
/// docs/softphone.md's "From a fresh Blazor app" builds and runs as written: its <c>Program.cs</c> and
/// <c>AgentPhone.razor</c> blocks, dropped into the files <c>dotnet new blazor --interactivity Server</c> makes (a minimal
/// copy of them here, so the test needs no template), compile with warnings as errors against the assemblies beside the
/// tests, offline; the app then serves the signed-in page with the interactive softphone component (no static-render
/// warning), and a <c>SoftphoneHost</c> put straight into a static page carries the warning (the real renderer).
/// </summary>
public sealed class SoftphoneRecipeTests
{
    private static string Section()
    {
        string guide = DocProgram.ReadGuide("softphone.md");
        int start = guide.IndexOf("## From a fresh Blazor app", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/softphone.md has no \"From a fresh Blazor app\" section.");
        int end = guide.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return guide[start..end];
    }

    [Fact]
    public void Every_snippet_of_the_recipe_says_its_using_lines()
    {
        var csharp = Assert.Single(DocProgram.Blocks(Section(), "```csharp"));
        var razor = Assert.Single(DocProgram.Blocks(Section(), "```razor"));

        Assert.Contains("AddCccEmulatorAsync", csharp, StringComparison.Ordinal);
        Assert.Contains("using Ccc.Sdk.AspNetCore.WorkbenchProxy;", csharp, StringComparison.Ordinal);
        Assert.Contains("@rendermode InteractiveServer", razor, StringComparison.Ordinal);
        Assert.Contains("@using Ccc.Sdk.Softphone", razor, StringComparison.Ordinal);
        Assert.Contains("@using static Microsoft.AspNetCore.Components.Web.RenderMode", razor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recipe_builds_as_a_Blazor_server_app()
    {
        string program = Assert.Single(DocProgram.Blocks(Section(), "```csharp"));
        string agentPhone = Assert.Single(DocProgram.Blocks(Section(), "```razor"));
        // The emulator's fixed port of the recipe becomes a free one, so test runs do not collide.
        Assert.Contains("\"http://127.0.0.1:8091\"", program, StringComparison.Ordinal);
        Uri emulatorAddress = FreePort.NextHttpAddress();
        program = program.Replace("http://127.0.0.1:8091", emulatorAddress.ToString().TrimEnd('/'), StringComparison.Ordinal);
        string dir = Path.Combine(Path.GetTempPath(), "ccc-recipe-" + Guid.NewGuid().ToString("N")[..12], "MyCrm");
        Directory.CreateDirectory(Path.Combine(dir, "Components", "Layout"));
        Directory.CreateDirectory(Path.Combine(dir, "Components", "Pages"));
        try
        {
            string bin = AppContext.BaseDirectory;
            string references = string.Join('\n', new[] { "Ccc.Sdk", "Ccc.Sdk.AspNetCore", "Ccc.Sdk.Softphone", "Ccc.Sdk.Development", "Ccc.Sdk.Emulator" }
                .Select(name => $"""    <Reference Include="{name}" HintPath="{Path.Combine(bin, name + ".dll")}" />"""));
            await File.WriteAllTextAsync(Path.Combine(dir, "MyCrm.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <NuGetAudit>false</NuGetAudit>
                  </PropertyGroup>
                  <ItemGroup>
                {references}
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(dir, "NuGet.config"), """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><clear /></packageSources></configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(dir, "Program.cs"), program);
            await File.WriteAllTextAsync(Path.Combine(dir, "Components", "AgentPhone.razor"), agentPhone);
            // What the template gives (trimmed): imports, App, Routes, the static layout with <AgentPhone /> above @Body, a page.
            await File.WriteAllTextAsync(Path.Combine(dir, "Components", "_Imports.razor"), """
                @using System.Net.Http
                @using Microsoft.AspNetCore.Components.Forms
                @using Microsoft.AspNetCore.Components.Routing
                @using Microsoft.AspNetCore.Components.Web
                @using static Microsoft.AspNetCore.Components.Web.RenderMode
                @using Microsoft.JSInterop
                @using MyCrm
                @using MyCrm.Components
                @using MyCrm.Components.Layout
                """);
            await File.WriteAllTextAsync(Path.Combine(dir, "Components", "App.razor"), """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8" /><base href="/" /><HeadOutlet /></head>
                <body><Routes /><script src="_framework/blazor.web.js"></script></body>
                </html>
                """);
            await File.WriteAllTextAsync(Path.Combine(dir, "Components", "Routes.razor"), """
                <Router AppAssembly="typeof(Program).Assembly">
                    <Found Context="routeData"><RouteView RouteData="routeData" DefaultLayout="typeof(Layout.MainLayout)" /></Found>
                </Router>
                """);
            await File.WriteAllTextAsync(Path.Combine(dir, "Components", "Layout", "MainLayout.razor"), """
                @inherits LayoutComponentBase
                <AgentPhone />
                @Body
                """);
            await File.WriteAllTextAsync(Path.Combine(dir, "Components", "Pages", "Home.razor"), """
                @page "/"
                <h1>Customers</h1>
                """);
            // The mistake the docs warn about: a host in a statically rendered page.
            await File.WriteAllTextAsync(Path.Combine(dir, "Components", "Pages", "StaticHost.razor"), """
                @page "/static-host"
                @using Ccc.Sdk.Softphone
                <SoftphoneHost ContainerId="static-phone" />
                """);

            var (exitCode, output) = await DotnetAsync(dir, TimeSpan.FromMinutes(4),
                "build", "-c", "Release", "-o", "out", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:ErrorsOnly");
            Assert.True(exitCode == 0, "The recipe does not build:\n" + output);

            // Run it: Development, on loopback.
            Uri address = FreePort.NextHttpAddress();
            await using var app = ChildProcess.StartDotnet(
                Path.Combine(dir, "out", "MyCrm.dll"),
                ["--urls", address.ToString(), "--contentRoot", dir],
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
                workingDirectory: dir);
            await app.WaitForHttpAsync(address, "/static-host", TimeSpan.FromSeconds(90));

            using var http = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = address };
            using (var signIn = await http.GetAsync("/sign-in"))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, signIn.StatusCode); // redirected to "/"
            }

            string home = await http.GetStringAsync("/");
            Assert.Contains("Softphone: Unregistered", home, StringComparison.Ordinal);
            Assert.Contains("id=\"ccc-softphone\"", home, StringComparison.Ordinal);
            Assert.DoesNotContain("data-ccc-softphone-warning", home, StringComparison.Ordinal);

            string staticPage = await http.GetStringAsync("/static-host");
            Assert.Contains("data-ccc-softphone-warning", staticPage, StringComparison.Ordinal);
            Assert.Contains("@rendermode InteractiveServer", staticPage, StringComparison.Ordinal);
            await app.WaitForLineAsync(line => line.Contains("rendered statically", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        }
        finally
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp folder is cleaned up by the OS.
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string dir, TimeSpan timeout, params string[] args)
    {
        using var cts = new CancellationTokenSource(timeout);
        var (exitCode, output, error) = await DocProgram.RunAsync(dir, args, cts.Token);
        return (exitCode, output + error);
    }
}
