using System.Runtime.ExceptionServices;
using AiGateway.Shared.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// Around every page: a database outage shows a message in the page instead of ending the circuit with the
/// framework's "an error has occurred" bar; any other failure is rethrown to be handled as before.
/// </summary>
public sealed partial class DatabaseErrorBoundary
{
    [Inject]
    private ILogger<DatabaseErrorBoundary> Logger { get; set; } = default!;

    protected override Task OnErrorAsync(Exception exception)
    {
        if (DatabaseUnreachable.Is(exception))
        {
            Log.DatabaseUnreachable(Logger, exception.GetBaseException().Message);
        }

        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A portal page could not reach the database: {Reason}")]
        public static partial void DatabaseUnreachable(ILogger logger, string reason);
    }
}
