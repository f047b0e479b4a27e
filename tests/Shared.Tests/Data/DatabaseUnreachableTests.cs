using System.Net.Sockets;
using AiGateway.Shared.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AiGateway.Shared.Tests.Data;

/// <summary>An outage is told from a database's other errors: only the first becomes a 503.</summary>
public sealed class DatabaseUnreachableTests
{
    public static TheoryData<string, Exception> Outages => new()
    {
        { "PostgreSQL server down", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "PostgreSQL shutting down", new PostgresException("the database system is shutting down", "FATAL", "FATAL", "57P03") },
        { "PostgreSQL too many connections", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300") },
        { "SQLite file cannot be opened", new SqliteException("unable to open database file", 14) },
        { "SQLite busy", new SqliteException("database is locked", 5) },
        { "SQLite disk I/O", new SqliteException("disk I/O error", 10) },
        { "saving while the server is down", new DbUpdateException("An error occurred while saving", new NpgsqlException("Exception while reading from stream", new TimeoutException())) },
        { "EF retries used up", new RetryLimitExceededException("retries exceeded", new NpgsqlException("Failed to connect")) },
        { "a timeout", new TimeoutException("The operation has timed out.") },
        { "EF's transient wrapper", new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionReset))) },
    };

    public static TheoryData<string, Exception> OtherErrors => new()
    {
        { "PostgreSQL unique violation", new DbUpdateException("An error occurred while saving", new PostgresException("duplicate key value", "ERROR", "ERROR", "23505")) },
        { "PostgreSQL syntax error", new PostgresException("syntax error at or near", "ERROR", "ERROR", "42601") },
        { "SQLite constraint", new DbUpdateException("An error occurred while saving", new SqliteException("UNIQUE constraint failed: Teams.Name", 19)) },
        { "SQLite no such table", new SqliteException("no such table: Teams", 1) },
        { "a concurrency conflict", new DbUpdateConcurrencyException("The database operation was expected to affect 1 row(s)") },
        { "a bug", new InvalidOperationException("Sequence contains no elements") },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void Is_TheDatabaseCouldNotBeReached_True(string because, Exception exception) =>
        Assert.True(DatabaseUnreachable.Is(exception), because);

    [Theory]
    [MemberData(nameof(OtherErrors))]
    public void Is_AnyOtherDatabaseError_False(string because, Exception exception) =>
        Assert.False(DatabaseUnreachable.Is(exception), because);
}
