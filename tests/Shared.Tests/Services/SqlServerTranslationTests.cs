using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Rollouts;
using AiGateway.Shared.Services.Usage;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Tests.Services;

/// <summary>
/// SQL Server cannot run here, so the usage and chargeback queries run against a connection that only records the
/// SQL the SQL Server provider generates: proof that they translate (a query EF cannot translate throws before any
/// SQL exists), and a look at what the server would be asked.
/// </summary>
public sealed class SqlServerTranslationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpsertAsync_OnSqlServer_IncrementsInPlaceWithOneUpdatePerRow()
    {
        var connection = new RecordingConnection();
        await using var db = Context(connection);
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        var hour = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        UsageRollupDelta[] deltas =
        [
            new(hour, Guid.NewGuid(), Guid.Empty, "gpt-4o", Guid.NewGuid(), Guid.NewGuid(), 2, 100, 10, 1, 0, 300, 0.5m),
            new(hour, Guid.NewGuid(), Guid.NewGuid(), "gpt-4o", Guid.NewGuid(), Guid.NewGuid(), 1, 10, 1, 0, 1, 30, 0.1m),
        ];

        await UsageRollupWriter.UpsertAsync(db, deltas, Ct);

        Assert.Equal(2, connection.Commands.Count);
        Assert.All(connection.Commands, sql =>
        {
            Assert.StartsWith("UPDATE [u]", sql, StringComparison.Ordinal);
            Assert.Contains("[Requests] = [u].[Requests] + @", sql, StringComparison.Ordinal);
            Assert.Contains("[Cost] = [u].[Cost] + @", sql, StringComparison.Ordinal);
            Assert.Contains("[u].[BackendId] = @", sql, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ChargebackReport_OnSqlServer_AggregatesInTheDatabase()
    {
        var connection = new RecordingConnection();
        var service = new ChargebackService(new SingleContextFactory(connection), TimeProvider.System);

        var report = await service.GetReportAsync(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), ct: Ct);

        Assert.Empty(report.Teams);
        var grouped = Assert.Single(connection.Commands, sql => sql.Contains("[UsageHourlyRollups]", StringComparison.Ordinal));
        Assert.Contains("GROUP BY [u].[TeamId], [u].[AliasName], [u].[DeploymentId]", grouped, StringComparison.Ordinal);
        Assert.Contains("SUM([u].[Cost])", grouped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HourlyUsage_OnSqlServer_FiltersAndOrdersInTheDatabase()
    {
        var connection = new RecordingConnection();
        var service = new UsageReportService(new SingleContextFactory(connection), TimeProvider.System);

        await service.ListHourlyAsync(null, null, Guid.NewGuid(), Ct);

        var sql = Assert.Single(connection.Commands);
        Assert.Contains("WHERE [u].[HourStart] >= @", sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY [u].[HourStart]", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RolloutLease_OnSqlServer_IsOneConditionalUpdate()
    {
        var connection = new RecordingConnection();
        var service = new RolloutService(new SingleContextFactory(connection), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;

        var held = await service.TryHoldLeaseAsync(Guid.NewGuid(), "replica-a", now, now.AddSeconds(30), Ct);
        await service.ReleaseLeasesAsync("replica-a", Ct);

        Assert.True(held);
        Assert.Equal(2, connection.Commands.Count);
        Assert.StartsWith("UPDATE [r]", connection.Commands[0], StringComparison.Ordinal);
        Assert.Contains("[r].[LeaseExpiresAt] < @", connection.Commands[0], StringComparison.Ordinal);
        Assert.Contains("[r].[LeaseOwner] IS NULL", connection.Commands[0], StringComparison.Ordinal);
        Assert.StartsWith("UPDATE [r]", connection.Commands[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActiveRollouts_OnSqlServer_FilterInTheDatabase()
    {
        var connection = new RecordingConnection();
        var service = new RolloutService(new SingleContextFactory(connection), TimeProvider.System);

        await service.ActiveRevisionsAsync(Ct);

        var sql = Assert.Single(connection.Commands);
        Assert.Contains("FROM [Rollouts]", sql, StringComparison.Ordinal);
        Assert.Contains("N'Running'", sql, StringComparison.Ordinal);
        Assert.Contains("N'Paused'", sql, StringComparison.Ordinal);
    }

    private static PortalDbContext Context(DbConnection connection) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlServer(connection).Options);

    private sealed class SingleContextFactory(DbConnection connection) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => Context(connection);
    }

    /// <summary>A connection that is always open, records each command's SQL, updates one row and reads none.</summary>
    private sealed class RecordingConnection : DbConnection
    {
        private ConnectionState _state = ConnectionState.Closed;

        public List<string> Commands { get; } = [];

        [AllowNull]
        public override string ConnectionString { get; set; } = "Server=recording;Database=portal";

        public override string Database => "portal";
        public override string DataSource => "recording";
        public override string ServerVersion => "16.00.0000";
        public override ConnectionState State => _state;

        public override void ChangeDatabase(string databaseName)
        {
        }

        public override void Close() => _state = ConnectionState.Closed;

        public override void Open() => _state = ConnectionState.Open;

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new RecordingTransaction(this, isolationLevel);

        protected override DbCommand CreateDbCommand() => new RecordingCommand(this);

        private sealed class RecordingTransaction(RecordingConnection connection, IsolationLevel isolationLevel) : DbTransaction
        {
            public override IsolationLevel IsolationLevel { get; } = isolationLevel;
            protected override DbConnection DbConnection { get; } = connection;

            public override void Commit()
            {
            }

            public override void Rollback()
            {
            }
        }

        private sealed class RecordingCommand(RecordingConnection connection) : DbCommand
        {
            private readonly ParameterList _parameters = new();

            [AllowNull]
            public override string CommandText { get; set; } = "";

            public override int CommandTimeout { get; set; }
            public override CommandType CommandType { get; set; }
            public override bool DesignTimeVisible { get; set; }
            public override UpdateRowSource UpdatedRowSource { get; set; }
            protected override DbConnection? DbConnection { get; set; } = connection;
            protected override DbParameterCollection DbParameterCollection => _parameters;
            protected override DbTransaction? DbTransaction { get; set; }

            public override void Cancel()
            {
            }

            public override int ExecuteNonQuery()
            {
                connection.Commands.Add(CommandText);
                return 1;
            }

            public override object? ExecuteScalar()
            {
                connection.Commands.Add(CommandText);
                return null;
            }

            public override void Prepare()
            {
            }

            protected override DbParameter CreateDbParameter() => new SqlParameter();

            protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
            {
                connection.Commands.Add(CommandText);
                return new DataTable().CreateDataReader();
            }
        }

        private sealed class ParameterList : DbParameterCollection
        {
            private readonly List<DbParameter> _items = [];

            public override int Count => _items.Count;
            public override object SyncRoot => _items;

            public override int Add(object value)
            {
                _items.Add((DbParameter)value);
                return _items.Count - 1;
            }

            public override void AddRange(Array values)
            {
                foreach (var value in values)
                {
                    Add(value);
                }
            }

            public override void Clear() => _items.Clear();
            public override bool Contains(object value) => _items.Contains((DbParameter)value);
            public override bool Contains(string value) => IndexOf(value) >= 0;
            public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);
            public override IEnumerator GetEnumerator() => _items.GetEnumerator();
            public override int IndexOf(object value) => _items.IndexOf((DbParameter)value);
            public override int IndexOf(string parameterName) => _items.FindIndex(p => p.ParameterName == parameterName);
            public override void Insert(int index, object value) => _items.Insert(index, (DbParameter)value);
            public override void Remove(object value) => _items.Remove((DbParameter)value);
            public override void RemoveAt(int index) => _items.RemoveAt(index);
            public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOf(parameterName));
            protected override DbParameter GetParameter(int index) => _items[index];
            protected override DbParameter GetParameter(string parameterName) => _items[IndexOf(parameterName)];
            protected override void SetParameter(int index, DbParameter value) => _items[index] = value;
            protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOf(parameterName)] = value;
        }
    }
}
