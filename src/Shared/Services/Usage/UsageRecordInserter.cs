using System.Data.Common;
using System.Text;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Shared.Services.Usage;

/// <summary>
/// Inserts usage records with multi-row <c>INSERT</c> statements instead of change tracking: the records are write-only
/// history, nobody needs their generated ids back, and tracking each one cost more than the gateway spent forwarding it.
/// </summary>
/// <remarks>
/// Built from the EF model rather than written out by hand: table, columns and their quoting come from the provider,
/// and every value goes through its column's own type mapping (value converters included), so rows are stored exactly
/// as SaveChanges would store them, on every provider. Statements run through EF, so its interceptors and logging see them.
/// </remarks>
internal sealed class UsageRecordInserter
{
    /// <summary>Parameters per statement: below SQL Server's limit of 2,100 (SQLite and PostgreSQL allow more).</summary>
    private const int MaxParameters = 2000;

    private readonly Column[] _columns;
    private readonly ISqlGenerationHelper _sql;
    private readonly string _insertInto;
    private readonly int _rowsPerStatement;
    private string? _fullStatement;

    private UsageRecordInserter(Column[] columns, ISqlGenerationHelper sql, string insertInto)
    {
        _columns = columns;
        _sql = sql;
        _insertInto = insertInto;
        _rowsPerStatement = MaxParameters / columns.Length;
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
        return new UsageRecordInserter(columns, sql, insertInto);
    }

    /// <summary>Inserts <paramref name="records"/> in the context's current transaction.</summary>
    public async Task InsertAsync(PortalDbContext db, IReadOnlyList<UsageRecord> records, CancellationToken ct)
    {
        // Parameters are made by the connection's own command type; this command only makes them and never runs.
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        for (var start = 0; start < records.Count; start += _rowsPerStatement)
        {
            var rows = Math.Min(_rowsPerStatement, records.Count - start);
            var parameters = new DbParameter[rows * _columns.Length];
            for (var row = 0; row < rows; row++)
            {
                var record = records[start + row];
                for (var c = 0; c < _columns.Length; c++)
                {
                    var column = _columns[c];
                    var index = (row * _columns.Length) + c;
                    parameters[index] = column.Mapping.CreateParameter(factory, ParameterName(index), column.Property.GetGetter().GetClrValue(record), column.Property.IsNullable);
                }
            }

            var statement = rows == _rowsPerStatement ? _fullStatement ??= Statement(rows) : Statement(rows);
            await db.Database.ExecuteSqlRawAsync(statement, parameters, ct);
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

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping);
}
