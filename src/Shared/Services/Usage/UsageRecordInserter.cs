using System.Data.Common;
using System.Text;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace AiGateway.Shared.Services.Usage;

/// <summary>
/// Inserts usage records with plain <c>INSERT</c> statements instead of change tracking: the records are write-only
/// history, nobody needs their generated ids back, and tracking each one cost more than the gateway spent forwarding it.
/// </summary>
/// <remarks>
/// Built from the EF model rather than written out by hand: table, columns and their quoting come from the provider,
/// and every value goes through its column's own type mapping (value converters included), so rows are stored exactly
/// as SaveChanges would store them, on every provider. A server database gets many rows per statement, to save round
/// trips, through one reused command. SQLite, in process, gets one row per statement, prepared once and bound by
/// position (<see cref="SqliteParameterValues"/>): through a command, each parameter is looked up by name on every
/// execution, which cost the gateway more per request than the insert itself.
/// </remarks>
internal sealed class UsageRecordInserter
{
    /// <summary>Rows per statement on a server database: 750 parameters, well below SQL Server's limit of 2,100.</summary>
    private const int ServerRowsPerStatement = 50;

    private readonly Column[] _columns;
    private readonly ISqlGenerationHelper _sql;
    private readonly string _insertInto;
    private readonly int _rowsPerStatement;
    private readonly string _fullStatement;
    private readonly bool _bindsByPosition;

    private UsageRecordInserter(Column[] columns, ISqlGenerationHelper sql, string insertInto, int rowsPerStatement, bool bindsByPosition)
    {
        _columns = columns;
        _sql = sql;
        _insertInto = insertInto;
        _rowsPerStatement = rowsPerStatement;
        _fullStatement = Statement(rowsPerStatement);
        _bindsByPosition = bindsByPosition;
    }

    public static UsageRecordInserter For(PortalDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(UsageRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never)
            .Select(p => new Column(p, p.GetColumnName(table)!, p.GetRelationalTypeMapping()))
            .ToArray();
        var insertInto = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        var sqlite = db.Database.IsSqlite();
        var bindsByPosition = sqlite && columns.All(c => SqliteParameterValues.Supports(c.ProviderType));
        return new UsageRecordInserter(columns, sql, insertInto, sqlite ? 1 : ServerRowsPerStatement, bindsByPosition);
    }

    /// <summary>Inserts <paramref name="records"/> in the context's current transaction.</summary>
    public async Task InsertAsync(PortalDbContext db, IReadOnlyList<UsageRecord> records, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Usage records are inserted inside the transaction that updates their rollups.");
        if (_bindsByPosition && db.Database.GetDbConnection() is SqliteConnection { Handle: { } sqlite })
        {
            InsertBoundByPosition(sqlite, records);
            return;
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        for (var start = 0; start < records.Count; start += _rowsPerStatement)
        {
            var rows = Math.Min(_rowsPerStatement, records.Count - start);
            var text = rows == _rowsPerStatement ? _fullStatement : Statement(rows);
            var reuse = string.Equals(command.CommandText, text, StringComparison.Ordinal);
            if (!reuse)
            {
                command.CommandText = text;
                command.Parameters.Clear();
            }

            for (var row = 0; row < rows; row++)
            {
                var record = records[start + row];
                for (var c = 0; c < _columns.Length; c++)
                {
                    var column = _columns[c];
                    var index = (row * _columns.Length) + c;
                    var value = column.Property.GetGetter().GetClrValue(record);
                    if (reuse)
                    {
                        // The same statement again: its parameters keep the type their mapping gave them; only values change.
                        command.Parameters[index].Value = column.ProviderValue(value);
                    }
                    else
                    {
                        command.Parameters.Add(column.Mapping.CreateParameter(command, _sql.GenerateParameterName(ParameterName(index)), value, column.Property.IsNullable));
                    }
                }
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Inserts on SQLite's own connection handle, which the open transaction is already on.</summary>
    private void InsertBoundByPosition(sqlite3 connection, IReadOnlyList<UsageRecord> records)
    {
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(connection, _fullStatement, out var statement), connection);
        using (statement)
        {
            foreach (var record in records)
            {
                for (var c = 0; c < _columns.Length; c++)
                {
                    var column = _columns[c];
                    SqliteParameterValues.Bind(connection, statement, c + 1, column.ProviderValue(column.Property.GetGetter().GetClrValue(record)));
                }

                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    // A busy database or a refused row: the usage writer retries the batch, or finds the row it refuses.
                    SqliteException.ThrowExceptionForRC(rc, connection);
                }

                raw.sqlite3_reset(statement);
            }
        }
    }

    private string Statement(int rows)
    {
        var text = new StringBuilder(_insertInto, _insertInto.Length + (rows * _columns.Length * 8));
        for (var row = 0; row < rows; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append(_sql.GenerateParameterNamePlaceholder(ParameterName((row * _columns.Length) + c)));
            }

            text.Append(')');
        }

        return text.ToString();
    }

    private static string ParameterName(int index) => "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping)
    {
        /// <summary>The type of the values handed to the provider, after the mapping's converter if it has one.</summary>
        public Type ProviderType => Mapping.Converter?.ProviderClrType ?? Mapping.ClrType;

        /// <summary>The value as the mapping hands it to the provider, as <see cref="RelationalTypeMapping.CreateParameter"/> converts it.</summary>
        public object ProviderValue(object? value) =>
            value is null ? DBNull.Value : Mapping.Converter is { } converter ? converter.ConvertToProvider(value) ?? DBNull.Value : value;
    }
}
