using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AiGateway.Deploy.Tests.Image;

/// <summary>
/// The image's two definitions, the SDK's container properties (src/Portal/Portal.csproj) and infra/Dockerfile, say the
/// same thing, the one infra/README.md documents; and the build context of the Dockerfile is what it needs.
/// </summary>
public sealed partial class ImageDefinitionTests
{
    private const string BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0";
    private const string NonRootUser = "1654";

    [Fact]
    public async Task ContainerProperties_WhenPublishing_DescribeTheDocumentedImage()
    {
        // As each architecture of PublishContainer evaluates it: publishing, for one runtime.
        var project = await EvaluateAsync("-p:_IsPublishing=true", "-p:RuntimeIdentifier=linux-arm64");

        Assert.Equal(BaseImage, project.Property("ContainerBaseImage"));
        Assert.Equal("ai-gateway", project.Property("ContainerRepository"));
        Assert.Equal(NonRootUser, project.Property("ContainerUser"));
        Assert.Equal(["linux-arm64", "linux-x64"], project.Property("ContainerRuntimeIdentifiers").Split(';').Order(StringComparer.Ordinal));
        Assert.Equal("true", project.Property("PublishReadyToRun"));
        Assert.Equal(["8080"], project.Items("ContainerPort").Select(p => p.Include));
        Assert.Equal("8080", project.Items("ContainerEnvironmentVariable").Single(v => v.Include == "ASPNETCORE_HTTP_PORTS").Value);
        Assert.Equal("Production", project.Items("ContainerEnvironmentVariable").Single(v => v.Include == "ASPNETCORE_ENVIRONMENT").Value);
        Assert.NotEmpty(project.Property("ContainerTitle"));
        Assert.NotEmpty(project.Property("ContainerDescription"));
        Assert.NotEmpty(project.Property("ContainerLicenseExpression"));

        var readme = await File.ReadAllTextAsync(RepositoryRoot.Combine("infra", "README.md"));
        Assert.Contains("dotnet publish src/Portal -c Release -t:PublishContainer", readme, StringComparison.Ordinal);
        Assert.Contains("-p:ContainerArchiveOutputPath=", readme, StringComparison.Ordinal);
        Assert.Contains("-p:ContainerRegistry=", readme, StringComparison.Ordinal);
        foreach (var value in new[] { BaseImage, "ai-gateway", NonRootUser, "linux-x64", "linux-arm64", "8080" })
        {
            Assert.Contains(value, readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ContainerProperties_WhenBuilding_LeaveTheBuildPortable()
    {
        // dotnet build and dotnet test of the solution: no ReadyToRun, no runtime packs to restore.
        var project = await EvaluateAsync();

        Assert.Equal("", project.Property("PublishReadyToRun"));
        Assert.Equal("", project.Property("RuntimeIdentifiers"));
        Assert.Equal("", project.Property("RuntimeIdentifier"));
    }

    [Fact]
    public async Task Dockerfile_DescribesTheSameImageAsTheSdk()
    {
        var dockerfile = await File.ReadAllTextAsync(RepositoryRoot.Combine("infra", "Dockerfile"));

        Assert.Contains("FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"FROM {BaseImage}\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("-a $TARGETARCH", dockerfile, StringComparison.Ordinal);
        Assert.Contains("-p:PublishReadyToRun=true", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Production", dockerfile, StringComparison.Ordinal);
        Assert.Contains("EXPOSE 8080", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", dockerfile, StringComparison.Ordinal);
        foreach (var label in new[] { "title", "description", "licenses", "source" })
        {
            Assert.Contains($"org.opencontainers.image.{label}=", dockerfile, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dockerfile_RestoreLayer_CopiesEveryProjectThePortalBuilds()
    {
        var dockerfile = await File.ReadAllTextAsync(RepositoryRoot.Combine("infra", "Dockerfile"));
        var restore = dockerfile.IndexOf("RUN dotnet restore", StringComparison.Ordinal);
        Assert.True(restore > 0, "The Dockerfile has no restore layer of its own.");
        var copied = CopySource().Matches(dockerfile[..restore]).SelectMany(m => m.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();

        // A project missing here restores nothing and fails the publish, or, worse, restores from the next layer on
        // every source change.
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" }.Concat(ProjectClosure("src/Portal/Portal.csproj")))
        {
            Assert.Contains(file, copied);
        }
    }

    [Fact]
    public async Task Dockerignore_KeepsBuildOutputAndLocalStateOutOfTheContext()
    {
        var patterns = (await File.ReadAllLinesAsync(RepositoryRoot.Combine(".dockerignore")))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToHashSet();

        // data/ holds the development SQLite database and the development key-hashing secret.
        foreach (var pattern in new[] { "**/bin/", "**/obj/", ".git/", "data/", "src/Portal/data/", ".test-run/", "**/node_modules/", "bench/out/" })
        {
            Assert.Contains(pattern, patterns);
        }

        // The context must still hold what the Dockerfile copies.
        Assert.DoesNotContain("src/", patterns);
        Assert.DoesNotContain("migrations/", patterns);
    }

    /// <summary>The project and every project it references, transitively, relative to the repository root.</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(RepositoryRoot.Combine(next))!;
            foreach (var reference in XDocument.Load(RepositoryRoot.Combine(next)).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/'));
            }
        }

        return found;
    }

    private static async Task<EvaluatedProject> EvaluateAsync(params string[] properties)
    {
        var result = await DotnetCommand.RunAsync(
            RepositoryRoot.Path,
            [
                "msbuild", "src/Portal/Portal.csproj", "-nologo",
                "-getProperty:ContainerBaseImage", "-getProperty:ContainerRepository", "-getProperty:ContainerUser",
                "-getProperty:ContainerRuntimeIdentifiers", "-getProperty:ContainerTitle", "-getProperty:ContainerDescription",
                "-getProperty:ContainerLicenseExpression", "-getProperty:PublishReadyToRun", "-getProperty:RuntimeIdentifiers",
                "-getProperty:RuntimeIdentifier", "-getItem:ContainerPort", "-getItem:ContainerEnvironmentVariable",
                .. properties,
            ],
            environment: null,
            TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.Tail());
        return new EvaluatedProject(JsonDocument.Parse(result.StandardOutput).RootElement.Clone());
    }

    // COPY <sources...> <destination>: the sources, without the destination.
    [GeneratedRegex(@"^COPY (?<sources>(?:\S+ )+)\S+$", RegexOptions.Multiline)]
    private static partial Regex CopySource();

    /// <summary>The JSON of <c>dotnet msbuild -getProperty -getItem</c>.</summary>
    private sealed record EvaluatedProject(JsonElement Json)
    {
        public string Property(string name) => Json.GetProperty("Properties").GetProperty(name).GetString() ?? "";

        public IEnumerable<(string Include, string Value)> Items(string name) =>
            Json.GetProperty("Items").GetProperty(name).EnumerateArray()
                .Select(i => (i.GetProperty("Identity").GetString() ?? "", i.TryGetProperty("Value", out var v) ? v.GetString() ?? "" : ""));
    }
}
