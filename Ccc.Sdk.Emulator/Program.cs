namespace Ccc.Sdk.Emulator;

/// <summary>Entry point of <c>dotnet run --project Ccc.Sdk.Emulator</c>.</summary>
public static class EmulatorProgram
{
    /// <summary>Runs the emulator until stopped.</summary>
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        await app.RunAsync();
    }
}
