using System.Globalization;

namespace AiGateway.Portal.Cli;

/// <summary>The parsed arguments of <c>config VERB [FILE] [--option value]...</c>.</summary>
public sealed record CommandOptions(string Verb, string? File, string? Url, string? Token, string? Output, bool DryRun, long? ExpectedVersion)
{
    public static CommandOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new CommandException("Missing the command: export, diff or apply.", showUsage: true);
        }

        string? file = null, url = null, token = null, output = null;
        var dryRun = false;
        long? expectedVersion = null;
        for (var i = 1; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new CommandException($"Missing the value of {args[i]}.", showUsage: true);
            switch (args[i])
            {
                case "--url": url = Value(); break;
                case "--token": token = Value(); break;
                case "--output" or "-o": output = Value(); break;
                case "--dry-run": dryRun = true; break;
                case "--expected-version":
                    var text = Value();
                    expectedVersion = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                        ? version
                        : throw new CommandException($"--expected-version takes a version number, not '{text}'.");
                    break;
                case var option when option.StartsWith('-'):
                    throw new CommandException($"Unknown option '{option}'.", showUsage: true);
                case var path when file is null:
                    file = path;
                    break;
                default:
                    throw new CommandException($"Unexpected argument '{args[i]}'.", showUsage: true);
            }
        }

        return new CommandOptions(args[0], file, url, token, output, dryRun, expectedVersion);
    }
}
