using System.Diagnostics;

namespace AiGateway.Deploy.Tests.Image;

/// <summary>
/// The application published the way the image publishes it (infra/Dockerfile, and PublishContainer for each
/// architecture): Release, linux-x64, framework-dependent, ReadyToRun. Published once for the collection, into a
/// folder of its own; the build itself goes to .test-run so it neither disturbs nor depends on the developer's bin
/// and obj folders, and a second run builds incrementally.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public const string MainAssemblyName = "AiGateway.Portal.dll";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"aigw-publish-{Guid.NewGuid():N}");

    public string MainAssembly => Path.Combine(Folder, MainAssemblyName);

    /// <summary>How long <c>dotnet publish</c> took, reported by the tests (2 cores: see infra/README.md).</summary>
    public TimeSpan PublishTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        var result = await DotnetCommand.RunAsync(
            RepositoryRoot.Path,
            [
                "publish", "src/Portal", "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
                "-p:PublishReadyToRun=true", "-o", Folder,
                "--artifacts-path", RepositoryRoot.Combine(".test-run", "deploy-tests", "artifacts"),
                // No compiler or MSBuild server outlives the publish holding its output open.
                "--disable-build-servers", "-nodeReuse:false", "--nologo",
            ],
            environment: null,
            TimeSpan.FromMinutes(15));
        PublishTime = watch.Elapsed;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish exited with {result.ExitCode}:\n{result.Tail()}");
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Runs the published app's main assembly from its folder, as the image's entry point does.</summary>
    public Task<DotnetResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment) =>
        DotnetCommand.RunAsync(Folder, [MainAssemblyName, .. arguments], environment, TimeSpan.FromMinutes(2));
}
