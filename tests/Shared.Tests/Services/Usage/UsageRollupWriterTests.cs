using System.Data.Common;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AiGateway.Shared.Tests.Services.Usage;

/// <summary>Records and rollups written together on real databases, by one writer and by several at once.</summary>
public sealed class UsageRollupWriterTests
{
    private static readonly DateTimeOffset Hour = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Team = Guid.NewGuid();
    private static readonly Guid Deployment = Guid.NewGuid();
    private static readonly Guid Backend = Guid.NewGuid();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WriteAsync_TwoBatches_StoresEveryRecordAndIncrementsTheRollups(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var writer = new UsageRollupWriter(database);
        var key = Guid.NewGuid();

        await writer.WriteAsync([Record(key, 10, status: 200, cost: 0.5m), Record(key, 70, status: 500, cost: 0.25m), Record(null, 5, status: 429, cost: 0m)], Ct);
        await writer.WriteAsync([Record(key, 20, status: 200, cost: 0.125m)], Ct);

        await using var db = database.CreateDbContext();
        Assert.Equal(4, await db.UsageRecords.CountAsync(Ct));
        var rows = await db.UsageHourlyRollups.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(3, rows.Count);
        var first = Assert.Single(rows, r => r.ApiKeyId == key && r.HourStart == Hour);
        Assert.Equal((2L, 200L, 20L, 0L, 0L, 500L), (first.Requests, first.PromptTokens, first.CompletionTokens, first.ErrorCount, first.ThrottledCount, first.LatencyMsSum));
        Assert.Equal(0.625m, first.Cost, 8);
        var nextHour = Assert.Single(rows, r => r.HourStart == Hour.AddHours(1));
        Assert.Equal((1L, 1L), (nextHour.Requests, nextHour.ErrorCount));
        var keyless = Assert.Single(rows, r => r.ApiKeyId == Guid.Empty);
        Assert.Equal((1L, 1L, Deployment, Backend), (keyless.Requests, keyless.ThrottledCount, keyless.DeploymentId, keyless.BackendId));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WriteAsync_SkippingStoredRecordsOfABatchPartlyCommitted_StoresTheRestAndCountsEachRecordOnceInTheRollups(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var writer = new UsageRollupWriter(database);
        var key = Guid.NewGuid();
        var batch = Enumerable.Range(0, 6).Select(i => Record(key, 5, status: 200, cost: 0.25m)).ToList();
        Assert.Equal(4, await writer.WriteAsync(batch[..4], Ct));

        // The same batch again, as a replayed spool file or a retried batch: only the two not stored go in.
        Assert.Equal(2, await writer.WriteAsync(batch, skipStored: true, Ct));
        Assert.Equal(0, await writer.WriteAsync(batch, skipStored: true, Ct));

        await using var db = database.CreateDbContext();
        Assert.Equal(6, await db.UsageRecords.CountAsync(Ct));
        var rollup = await db.UsageHourlyRollups.AsNoTracking().SingleAsync(Ct);
        Assert.Equal((6L, 600L, 60L), (rollup.Requests, rollup.PromptTokens, rollup.CompletionTokens));
        Assert.Equal(1.5m, rollup.Cost, 8);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WriteAsync_BatchLargerThanOneStatement_StoresEveryFieldAsTheModelReadsIt(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var key = Guid.NewGuid();
        var records = Enumerable.Range(0, 301).Select(i =>
        {
            var record = Record(i % 2 == 0 ? key : null, i % 60, status: i % 7 == 0 ? 429 : 200, cost: 0.00012345m * i);
            record.RequestId = $"req-{i}";
            record.PromptTokens = i;
            record.TimeToFirstTokenMs = i % 3 == 0 ? null : i;
            record.Streamed = i % 3 == 1;
            record.Estimated = i % 5 == 0;
            return record;
        }).ToList();

        await new UsageRollupWriter(database).WriteAsync(records, Ct);

        await using var db = database.CreateDbContext();
        // Filters on every kind of column run in the database, so they match only if values were stored as EF stores them.
        Assert.Equal(151, await db.UsageRecords.CountAsync(r => r.ApiKeyId == key && r.TeamId == Team, Ct));
        Assert.Equal(25, await db.UsageRecords.CountAsync(r => r.At >= Hour.AddMinutes(30) && r.At < Hour.AddMinutes(35), Ct));
        Assert.Equal(records.Sum(r => r.Cost), (await db.UsageRecords.Select(r => r.Cost).ToListAsync(Ct)).Sum(), 8);
        var stored = await db.UsageRecords.AsNoTracking().SingleAsync(r => r.RequestId == "req-250", Ct);
        var expected = records[250];
        Assert.Equal(
            (expected.At, expected.TeamId, expected.ApiKeyId, expected.AliasName, expected.DeploymentId, expected.BackendId, expected.Operation, expected.PromptTokens, expected.CompletionTokens, expected.StatusCode, expected.LatencyMs, expected.TimeToFirstTokenMs, expected.Streamed, expected.Estimated),
            (stored.At, stored.TeamId, stored.ApiKeyId, stored.AliasName, stored.DeploymentId, stored.BackendId, stored.Operation, stored.PromptTokens, stored.CompletionTokens, stored.StatusCode, stored.LatencyMs, stored.TimeToFirstTokenMs, stored.Streamed, stored.Estimated));
        Assert.Equal(expected.Cost, stored.Cost, 8);
        Assert.Equal(301, await db.UsageHourlyRollups.SumAsync(r => r.Requests, Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WriteAsync_TwoWritersAtOnce_RollupsHoldTheExactSumsInOneRowEach(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        UsageRollupWriter[] writers = [new(database), new(database)];
        Guid[] keys = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        const int Rounds = 12;

        for (var round = 0; round < Rounds; round++)
        {
            // Every round opens a new hour, so both writers race to insert the same rows.
            var minutes = round * 60;
            await Task.WhenAll(writers.Select(writer => Task.Run(
                () => writer.WriteAsync([.. keys.SelectMany(k => Enumerable.Range(0, 3).Select(_ => Record(k, minutes, status: 200, cost: 0.001m)))], Ct),
                Ct)));
        }

        await using var db = database.CreateDbContext();
        var rows = await db.UsageHourlyRollups.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(Rounds * keys.Length, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(6, r.Requests);
            Assert.Equal(600, r.PromptTokens);
            Assert.Equal(60, r.CompletionTokens);
            Assert.Equal(0.006m, r.Cost, 8);
        });
        Assert.Equal(Rounds * keys.Length * 6, await db.UsageRecords.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WriteAsync_AnotherWriterInsertsTheRowFirst_TheInsertYieldsToTheUniqueIndexAndTheUpdateIsRetried(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var key = Guid.NewGuid();
        // Between this writer's UPDATE (no row yet) and its INSERT, a row for the same hour and dimensions appears.
        var race = new InsertAfterFirstMissedUpdate(provider, new UsageHourlyRollup
        {
            HourStart = Hour, TeamId = Team, ApiKeyId = key, AliasName = "gpt-4o-mini", DeploymentId = Deployment, BackendId = Backend,
            Requests = 10, PromptTokens = 1000, CompletionTokens = 100, ErrorCount = 1, LatencyMsSum = 5000, Cost = 1m,
        });
        var writer = new UsageRollupWriter(new InterceptedFactory(database, race));

        await writer.WriteAsync([Record(key, 0, status: 200, cost: 0.5m), Record(key, 1, status: 429, cost: 0m)], Ct);

        Assert.True(race.Fired);
        await using var db = database.CreateDbContext();
        var row = await db.UsageHourlyRollups.AsNoTracking().SingleAsync(Ct);
        Assert.Equal((12L, 1200L, 120L, 1L, 1L, 5500L), (row.Requests, row.PromptTokens, row.CompletionTokens, row.ErrorCount, row.ThrottledCount, row.LatencyMsSum));
        Assert.Equal(1.5m, row.Cost, 8);
        Assert.Equal(2, await db.UsageRecords.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WriteAsync_RollupFails_NoRecordOfTheBatchIsStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var writer = new UsageRollupWriter(new InterceptedFactory(database, new FailRollupUpdates()));

        await Assert.ThrowsAnyAsync<Exception>(() => writer.WriteAsync([Record(Guid.NewGuid(), 0, status: 200, cost: 0.5m)], Ct));

        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.UsageRecords.CountAsync(Ct));
        Assert.Equal(0, await db.UsageHourlyRollups.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WriteAsync_FailedBatchWrittenAgain_IsStoredOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var failing = new FailRollupUpdates();
        var writer = new UsageRollupWriter(new InterceptedFactory(database, failing));
        UsageRecord[] batch = [Record(Guid.NewGuid(), 0, status: 200, cost: 0.5m), Record(Guid.NewGuid(), 0, status: 200, cost: 0.5m)];
        await Assert.ThrowsAnyAsync<Exception>(() => writer.WriteAsync(batch, Ct));

        failing.Enabled = false;
        await writer.WriteAsync(batch, Ct);
        await new UsageRollupWriter(database).WriteAsync([Record(Guid.NewGuid(), 0, status: 200, cost: 0.5m)], Ct);

        await using var db = database.CreateDbContext();
        Assert.Equal(3, await db.UsageRecords.CountAsync(Ct));
        Assert.Equal(3, await db.UsageHourlyRollups.SumAsync(r => r.Requests, Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WriteAsync_TextLongerThanItsColumn_IsCutInsteadOfRefusingTheBatch(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var record = Record(Guid.NewGuid(), 0, status: 200, cost: 0m);
        record.RequestId = new string('r', 200);
        record.AliasName = new string('a', 300);
        record.At = new DateTimeOffset(2026, 11, 25, 12, 30, 0, TimeSpan.FromHours(2));

        await new UsageRollupWriter(database).WriteAsync([record], Ct);

        await using var db = database.CreateDbContext();
        var stored = await db.UsageRecords.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(64, stored.RequestId.Length);
        Assert.Equal(FieldLimits.Name, stored.AliasName.Length);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), stored.At);
        Assert.Equal(Hour, (await db.UsageHourlyRollups.AsNoTracking().SingleAsync(Ct)).HourStart);
    }

    [Fact]
    public async Task WriteAsync_OnSqlite_StoresEveryValueExactlyAsEfCoreStoresIt()
    {
        // SQLite gets its rows bound by position, formatted by the gateway; EF Core's own SaveChanges is the reference.
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        UsageRecord[] Pair(Guid? key, bool streamed)
        {
            var record = Record(key, 7, status: 429, cost: 0.00012345m);
            record.At = Hour.AddTicks(1_234_567);
            record.TimeToFirstTokenMs = streamed ? 42 : null;
            record.Streamed = streamed;
            record.Estimated = !streamed;
            record.DeploymentId = streamed ? Deployment : null;
            return [record, Copy(record)];
        }

        var pairs = new[] { Pair(Guid.NewGuid(), streamed: true), Pair(null, streamed: false) };
        await new UsageRollupWriter(database).WriteAsync(pairs.Select(p => p[0]).ToList(), Ct);
        await using (var db = database.CreateDbContext())
        {
            db.UsageRecords.AddRange(pairs.Select(p => p[1]));
            await db.SaveChangesAsync(Ct);
        }

        await using var reader = database.CreateDbContext();
        var entity = reader.Model.FindEntityType(typeof(UsageRecord))!;
        var columns = entity.GetProperties().Where(p => p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never).Select(p => p.GetColumnName()).ToList();
        var connection = reader.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"typeof(\"{c}\") || ':' || quote(\"{c}\")"))} FROM \"UsageRecords\" ORDER BY \"Id\"";
        var rows = new List<string[]>();
        await using (var results = await command.ExecuteReaderAsync(Ct))
        {
            while (await results.ReadAsync(Ct))
            {
                rows.Add(Enumerable.Range(0, columns.Count).Select(i => $"{columns[i]}={results.GetString(i)}").ToArray());
            }
        }

        Assert.Equal(4, rows.Count);
        Assert.Equal(rows[2], rows[0]);
        Assert.Equal(rows[3], rows[1]);
    }

    private static UsageRecord Copy(UsageRecord record) => new()
    {
        At = record.At,
        RequestId = record.RequestId,
        TeamId = record.TeamId,
        ApiKeyId = record.ApiKeyId,
        AliasName = record.AliasName,
        DeploymentId = record.DeploymentId,
        BackendId = record.BackendId,
        Operation = record.Operation,
        PromptTokens = record.PromptTokens,
        CompletionTokens = record.CompletionTokens,
        StatusCode = record.StatusCode,
        LatencyMs = record.LatencyMs,
        TimeToFirstTokenMs = record.TimeToFirstTokenMs,
        Streamed = record.Streamed,
        Estimated = record.Estimated,
        Cost = record.Cost,
    };

    private static UsageRecord Record(Guid? key, int minutes, int status, decimal cost) => new()
    {
        At = Hour.AddMinutes(minutes),
        RequestId = Guid.NewGuid().ToString("N"),
        TeamId = Team,
        ApiKeyId = key,
        AliasName = "gpt-4o-mini",
        DeploymentId = Deployment,
        BackendId = Backend,
        Operation = "chat.completions",
        PromptTokens = 100,
        CompletionTokens = 10,
        StatusCode = status,
        LatencyMs = 250,
        Cost = cost,
    };

    private static bool IsRollupUpdate(DbCommand command) =>
        command.CommandText.Contains("UPDATE", StringComparison.Ordinal) && command.CommandText.Contains("UsageHourlyRollups", StringComparison.Ordinal);

    /// <summary>Contexts on the test database with an interceptor added.</summary>
    private sealed class InterceptedFactory(TestDatabase database, IInterceptor interceptor) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<PortalDbContext>();
            options.UseProvider(database.Provider, database.ConnectionString).AddInterceptors(interceptor);
            return new PortalDbContext(options.Options);
        }
    }

    /// <summary>Plays the other replica: right after the first rollup UPDATE that matched nothing, inserts the row itself.</summary>
    private sealed class InsertAfterFirstMissedUpdate(DatabaseProvider provider, UsageHourlyRollup row) : DbCommandInterceptor
    {
        public bool Fired { get; private set; }

        public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (!Fired && result == 0 && IsRollupUpdate(command))
            {
                Fired = true;
                // The same connection and transaction: SQLite lets one writer at a time, so a second connection would wait.
                var options = new DbContextOptionsBuilder<PortalDbContext>();
                _ = provider == DatabaseProvider.Sqlite ? options.UseSqlite(command.Connection!) : options.UseNpgsql(command.Connection!);
                await using var other = new PortalDbContext(options.Options);
                await other.Database.UseTransactionAsync(command.Transaction, cancellationToken);
                other.UsageHourlyRollups.Add(row);
                await other.SaveChangesAsync(cancellationToken);
            }

            return result;
        }
    }

    /// <summary>Makes every rollup UPDATE fail, as a dropped connection would, while <see cref="Enabled"/>.</summary>
    private sealed class FailRollupUpdates : DbCommandInterceptor
    {
        public bool Enabled { get; set; } = true;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            Enabled && IsRollupUpdate(command) ? throw new InvalidOperationException("Simulated failure.") : ValueTask.FromResult(result);
    }
}
