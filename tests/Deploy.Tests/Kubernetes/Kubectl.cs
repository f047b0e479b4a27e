using System.Diagnostics;

namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>
/// Runs the kubectl on PATH, the tool an operator uses, so a test sees what <c>kubectl apply -k</c> would send.
/// Debian's <c>kubernetes-client</c> (kubectl 1.20, kustomize v2.0.3) and kubectl 1.27+ (kustomize v5) both do.
/// </summary>
public static class Kubectl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static string Path { get; } = Find();

    /// <summary>The output of <c>kubectl kustomize &lt;directory&gt;</c>; newer kustomize versions warn on stderr about fields kept for v2.0.3, which is not an error.</summary>
    public static string Kustomize(string directory)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} did not finish within {Timeout.TotalSeconds} s.");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"kubectl kustomize {directory} exited with {process.ExitCode}:{Environment.NewLine}{stderr.Result}");
        }

        return stdout.Result;
    }

    private static string Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, OperatingSystem.IsWindows() ? "kubectl.exe" : "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "kubectl is not on PATH; the Kubernetes tests render infra/kubernetes with 'kubectl kustomize'. " +
            "Install it (Debian: apt-get install kubernetes-client; test.sh does this when it is missing).");
    }
}
