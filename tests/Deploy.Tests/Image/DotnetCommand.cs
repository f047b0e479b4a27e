using System.Diagnostics;
using System.Text;

namespace AiGateway.Deploy.Tests.Image;

/// <summary>What a finished <c>dotnet</c> process left: its exit code and both output streams.</summary>
public sealed record DotnetResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The end of both streams, for an assertion's message.</summary>
    public string Tail(int lines = 40) =>
        string.Join('\n', (StandardOutput + "\n" + StandardError).Split('\n').TakeLast(lines));
}

/// <summary>Runs the <c>dotnet</c> host the way an operator's shell would, with the test's environment plus some settings.</summary>
public static class DotnetCommand
{
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            // A null value takes the variable out of what the child inherits.
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    public static async Task<DotnetResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(workingDirectory, arguments, environment))
            ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return new DotnetResult(process.ExitCode, await output, await error);
    }

    /// <summary>Collects a running process's lines, from the threads that read them.</summary>
    public sealed class OutputLog
    {
        private readonly StringBuilder _text = new();

        public void Attach(Process process)
        {
            ArgumentNullException.ThrowIfNull(process);
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_text)
            {
                _text.AppendLine(line);
            }
        }
    }
}
