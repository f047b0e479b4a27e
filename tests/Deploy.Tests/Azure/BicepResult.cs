using System.Text.RegularExpressions;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>What one bicep run printed, and its diagnostics (one per line: <c>file(line,col) : Warning|Error code: text</c>).</summary>
public sealed partial record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Every warning and error the compiler and the linter reported.</summary>
    public IReadOnlyList<string> Diagnostics { get; } =
        [.. StandardError.Split('\n').Where(line => DiagnosticLine().IsMatch(line)).Select(line => line.Trim())];

    /// <summary>Fails with everything bicep printed unless it succeeded with no diagnostic at all (warnings are errors here).</summary>
    public BicepResult ShouldBeClean()
    {
        Assert.True(
            ExitCode == 0 && Diagnostics.Count == 0 && string.IsNullOrWhiteSpace(StandardError),
            $"bicep exited with {ExitCode} and reported:\n{StandardError}");
        return this;
    }

    [GeneratedRegex(@"\) : (Warning|Error|Info) ")]
    private static partial Regex DiagnosticLine();
}
