using System.Diagnostics;
using System.Text.Json;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// Runs <c>tests/NodeSdk/call-gateway.mjs</c>: one call to the gateway through the official <c>openai</c> npm package
/// (its current version, or the older <c>openai-v4</c>), which prints one JSON line saying how the call ended and how
/// many HTTP requests the SDK sent for it. <c>test.sh</c> installs the packages (<c>npm ci</c>) before the tests run.
/// </summary>
public static class NodeSdk
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "tests", "NodeSdk");

    /// <param name="package">The npm package to call with: <c>openai</c> or <c>openai-v4</c>.</param>
    /// <param name="shape"><c>openai</c> (the v1 shape, key as a bearer token) or <c>azure</c> (the classic shape, key in <c>api-key</c>).</param>
    public static async Task<JsonElement> CallAsync(string package, string shape, Uri gateway, string key, string model, int maxTokens)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", package)))
        {
            Assert.Fail($"The npm packages of {Directory} are not installed: run `npm ci` there (test.sh does).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "call-gateway.mjs", "--package", package, "--shape", shape, "--base-url", gateway.ToString(), "--model", model,
            "--max-tokens", maxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The key goes through the environment, never the command line that other processes can read.
        start.Environment["GATEWAY_API_KEY"] = key;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The Node SDK call did not end within {Limit.TotalSeconds} s.");
        }

        var text = await output;
        Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {await errors}{text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Portal.sln above {AppContext.BaseDirectory}.");
    }
}
