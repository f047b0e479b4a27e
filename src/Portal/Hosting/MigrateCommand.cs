using System.Data.Common;
using AiGateway.Shared.Data;

namespace AiGateway.Portal.Hosting;

/// <summary>
/// <c>dotnet AiGateway.Portal.dll migrate</c>: applies the pending migrations with the web app's own configuration
/// (appsettings, environment variables, command line) and exits, so a release migrates once before its replicas start
/// instead of every replica racing at start-up. Builds only the data services: no web server, no gateway, no demo.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static bool IsRequested(string[] args) => args is [Name, ..];

    /// <summary>Returns the process exit code: 0 once the schema is current, 1 with one line on stderr otherwise.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            var builder = WebApplication.CreateBuilder(args);
            // The operator wants to see each migration EF Core applies (appsettings quiets EF Core to warnings). EF Core's
            // own error logs would repeat the failure with a stack trace; the one line below says it.
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Migrations", LogLevel.Information);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database", LogLevel.None);
            builder.AddGatewayData();
            await using var app = builder.Build();
            await DatabaseInitializer.ApplyMigrationsAsync(app.Services);
            return 0;
        }
        catch (Exception e) when (IsOperatorError(e))
        {
            // A missing setting or an unreachable server is the operator's to fix, and a stack trace would hide the cause.
            await Console.Error.WriteLineAsync($"{Name} failed: {OneLine(e.Message)}");
            return 1;
        }
    }

    // Configuration errors (a missing connection string, an unknown provider) surface as InvalidOperationException;
    // connection and SQL errors as the provider's DbException. Anything else is a bug and keeps its stack trace.
    private static bool IsOperatorError(Exception e) => e is InvalidOperationException or DbException or TimeoutException;

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
