using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AiGateway.Shared.Data;

/// <summary>
/// Recognises a unique or foreign-key violation on each provider, so a race the services' own checks could not see
/// (two admins creating the same name at once) still reaches the caller as a conflict, not a server error.
/// </summary>
internal static class DatabaseConstraintViolation
{
    private const int SqliteConstraint = 19;

    public static bool IsConstraintViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint,
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation,
        SqlException sqlServer => sqlServer.Number is 2601 or 2627 or 547,
        _ => false,
    };
}
