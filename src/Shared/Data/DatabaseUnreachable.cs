using System.Data.Common;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Shared.Data;

/// <summary>
/// Tells a failure to reach the database (server down, connection refused or reset, timeout, the SQLite file gone
/// unreadable) from every other database error: the first is the operator's outage, worth a 503 and a retry; the
/// others (constraint violations, bad SQL) are conflicts already answered as such, or bugs, and must stay visible.
/// </summary>
/// <remarks>
/// Each provider's own judgement is used where it has one: Npgsql's <see cref="DbException.IsTransient"/> (connection
/// failures and PostgreSQL's "cannot connect now", "too many connections" and connection-exception states), SQL
/// Server's connection-level error numbers. Provider types are only touched when the exception came from that provider, so
/// a replica never loads the assemblies of the providers it does not use.
/// </remarks>
public static class DatabaseUnreachable
{
    // SQLite's primary result codes that mean the file cannot be used, not that the statement was wrong.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>True when <paramref name="exception"/>, or one it wraps, says the database could not be reached.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case RetryLimitExceededException:
                case TimeoutException:
                case SocketException:
                    return true;
                case DbException db when IsProvider(db, "Microsoft.Data.Sqlite"):
                    return SqliteUnreachable(db);
                case DbException db when IsProvider(db, "Microsoft.Data.SqlClient"):
                    return SqlServerUnreachable(db);
                case DbException db:
                    // Npgsql, and any provider that says so: a constraint violation is never transient.
                    return db.IsTransient;
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 1:
                    return aggregate.InnerExceptions.Any(Is);
            }
        }

        return false;
    }

    private static bool IsProvider(DbException exception, string ns) =>
        exception.GetType().Namespace?.StartsWith(ns, StringComparison.Ordinal) == true;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool SqliteUnreachable(DbException exception) =>
        exception is SqliteException sqlite && sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteReadOnly
            or SqliteIoError or SqliteCorrupt or SqliteFull or SqliteCantOpen or SqliteNotADatabase;

    // EF Core's own list (SqlServerTransientExceptionDetector) is internal API; these are the connection-level numbers
    // from it and from Azure SQL's documentation: timeout, network errors, database unavailable, service busy.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool SqlServerUnreachable(DbException exception) =>
        exception is SqlException sql && (sql.IsTransient || sql.Number is -2 or 2 or 53 or 64 or 233 or 4060 or 10053 or 10054
            or 10060 or 10061 or 10928 or 10929 or 40197 or 40501 or 40613 or 42108 or 42109);
}
