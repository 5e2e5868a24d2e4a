using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ccc.Sdk.TestSupport;

/// <summary>
/// A built program of this repository run as its own process (<c>dotnet &lt;dll&gt;</c>, the way <c>dotnet run</c> runs it):
/// with the arguments and environment variables given, its standard output and error captured line by line, and its
/// whole process tree killed on dispose.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>The program's name, for messages.</summary>
    public string Name { get; }

    /// <summary>What the process wrote (standard output and error, in the order the lines arrived).</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>The operating system's process id (e.g. to send it a signal).</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (once exited).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The output so far, one line after another.</summary>
    public string OutputText => string.Join('\n', Output);

    /// <summary>Starts <c>dotnet &lt;dll&gt; &lt;arguments&gt;</c>.</summary>
    /// <param name="dll">The program (e.g. <see cref="Repository.BuiltDll"/>).</param>
    /// <param name="arguments">Its command-line arguments.</param>
    /// <param name="environment">Environment variables to set (on top of this process's).</param>
    /// <param name="workingDirectory">Its working directory; <see langword="null"/>: this process's.</param>
    public static ChildProcess StartDotnet(
        string dll,
        IEnumerable<string>? arguments = null,
        IEnumerable<KeyValuePair<string, string>>? environment = null,
        string? workingDirectory = null) =>
        Start("dotnet", Path.GetFileNameWithoutExtension(dll), [dll, .. arguments ?? []], environment, workingDirectory);

    /// <summary>Starts an executable file (e.g. a Native AOT program) with <paramref name="arguments"/>.</summary>
    /// <param name="program">The executable's path.</param>
    /// <param name="arguments">Its command-line arguments.</param>
    /// <param name="environment">Environment variables to set (on top of this process's).</param>
    /// <param name="workingDirectory">Its working directory; <see langword="null"/>: this process's.</param>
    public static ChildProcess StartExecutable(
        string program,
        IEnumerable<string>? arguments = null,
        IEnumerable<KeyValuePair<string, string>>? environment = null,
        string? workingDirectory = null) =>
        Start(program, Path.GetFileName(program), arguments ?? [], environment, workingDirectory);

    private static ChildProcess Start(
        string fileName,
        string name,
        IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string>>? environment,
        string? workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment ?? [])
        {
            start.Environment[variable] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child.Output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child.Output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Polls <paramref name="ready"/> (every <paramref name="interval"/>, default 100 ms) until it returns true.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process exited, or <paramref name="timeout"/> passed; the message carries its output.</exception>
    public async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> ready, TimeSpan timeout, TimeSpan? interval = null)
    {
        using var give = new CancellationTokenSource(timeout);
        while (!give.IsCancellationRequested && !_process.HasExited)
        {
            try
            {
                if (await ready(give.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (give.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100), give.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        string why = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"was not ready within {timeout.TotalSeconds:0.#} s";
        throw new InvalidOperationException($"{Name} {why}:\n{OutputText}");
    }

    /// <summary>Waits until the process wrote a line <paramref name="line"/> accepts (e.g. ASP.NET Core's "Now listening on").</summary>
    public Task WaitForLineAsync(Func<string, bool> line, TimeSpan timeout) =>
        WaitUntilAsync(_ => Task.FromResult(Output.Any(line)), timeout, TimeSpan.FromMilliseconds(50));

    /// <summary>
    /// Waits until <c>GET <paramref name="address"/><paramref name="path"/></c> is answered: with any status, or, when
    /// <paramref name="successOnly"/>, with a 2xx. Refused connections and timeouts are tried again.
    /// </summary>
    public async Task WaitForHttpAsync(Uri address, string path, TimeSpan timeout, bool successOnly = false)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        await WaitUntilAsync(async ct =>
        {
            try
            {
                using var response = await http.GetAsync(path, ct).ConfigureAwait(false);
                return !successOnly || response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                return false;
            }
        }, timeout).ConfigureAwait(false);
    }

    /// <summary>Waits until the process exits by itself; kills it (the whole tree) if it has not within <paramref name="timeout"/>.</summary>
    /// <returns>Its exit code.</returns>
    /// <exception cref="TimeoutException">It did not exit in time (it was killed); the message carries its output.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var give = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(give.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0.#} s:\n{OutputText}");
        }

        _process.WaitForExit(); // the last output lines
        return _process.ExitCode;
    }

    /// <summary>Kills the process and its children (SIGKILL on Linux: no shutdown code runs) and waits until it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>Kills the process tree if it is still running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
