using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AiGateway.Shared.Services.Usage;

/// <summary>
/// Binds values to a prepared SQLite statement by position, stored exactly as Microsoft.Data.Sqlite stores a
/// parameter of the same value (Guid and DateTimeOffset as text in its formats, decimal as text, bool as 0 or 1).
/// </summary>
/// <remarks>
/// Written by hand because binding through <see cref="SqliteCommand"/> looks every parameter up by name, through a
/// native call, on every execution; for the usage records, a row per request, that lookup cost more than SQLite's
/// insert. Only the value types the usage records have are handled; <see cref="Supports"/> says which, and a test
/// compares what this stores with what EF Core stores for the same record.
/// </remarks>
internal static class SqliteParameterValues
{
    private static readonly HashSet<Type> Supported =
    [
        typeof(string), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(bool), typeof(double),
        typeof(Guid), typeof(DateTimeOffset), typeof(DateTime), typeof(decimal),
    ];

    /// <summary>Whether values of <paramref name="providerType"/> (or its nullable form) can be bound here.</summary>
    public static bool Supports(Type providerType) => Supported.Contains(Nullable.GetUnderlyingType(providerType) ?? providerType);

    /// <summary>Binds <paramref name="value"/> to the 1-based parameter <paramref name="index"/>.</summary>
    public static void Bind(sqlite3 connection, sqlite3_stmt statement, int index, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(statement, index),
            string text => raw.sqlite3_bind_text(statement, index, text),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            short number => raw.sqlite3_bind_int64(statement, index, number),
            byte number => raw.sqlite3_bind_int64(statement, index, number),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            double real => raw.sqlite3_bind_double(statement, index, real),
            Guid id => raw.sqlite3_bind_text(statement, index, id.ToString().ToUpperInvariant()),
            DateTimeOffset at => raw.sqlite3_bind_text(statement, index, at.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
            DateTime at => raw.sqlite3_bind_text(statement, index, at.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            decimal amount => raw.sqlite3_bind_text(statement, index, amount.ToString("0.0###########################", CultureInfo.InvariantCulture)),
            _ => throw new InvalidOperationException($"A value of type {value.GetType()} cannot be bound by position."),
        };
        SqliteException.ThrowExceptionForRC(rc, connection);
    }
}
