namespace AiGateway.Portal.Cli;

/// <summary>An operator's mistake or an unreachable gateway: printed as one line (with the usage when the command line itself is wrong), no stack trace, exit code 1.</summary>
public sealed class CommandException(string message, bool showUsage = false) : Exception(message)
{
    public bool ShowUsage { get; } = showUsage;
}
