using System.Diagnostics;
using System.Reflection;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>
/// Runs the Bicep compiler restored from the Azure.Bicep.CommandLine.linux-x64 package (its path is in this
/// assembly's metadata, see Deploy.Tests.csproj), offline and without telemetry.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string ExecutablePath { get; } = FindExecutable();

    /// <summary>
    /// Runs bicep with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; <paramref name="environment"/>
    /// adds variables, or removes the ones whose value is null.
    /// </summary>
    public static async Task<BicepResult> RunAsync(
        string workingDirectory,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No trace output mixed into stderr, whose every line is read as a diagnostic. These commands need no network
        // for local files and built-in types (checked with the network namespace removed: unshare -n).
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindExecutable()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No bicep executable at '{path}': restore tests/Deploy.Tests (package Azure.Bicep.CommandLine.linux-x64).");
        }

        // NuGet extracts package files without guaranteeing the executable bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            var executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | executable);
            }
        }

        return path;
    }
}
