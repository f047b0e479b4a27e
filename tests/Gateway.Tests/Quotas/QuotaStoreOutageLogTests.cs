using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>A quota store that fails closed refuses every request; the log must say so a few times, not once per request.</summary>
public sealed class QuotaStoreOutageLogTests
{
    private const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hello there"}],"max_tokens":100}""";

    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly CapturingLogger _logger = new();

    [Fact]
    public void Refused_ManyRequestsWithinAnInterval_LogsOneErrorWithTheExceptionOnce()
    {
        var log = new QuotaStoreOutageLog(_clock, _logger);

        for (var i = 0; i < 500; i++)
        {
            log.Refused($"req-{i}", new QuotaStoreUnavailableException("connection refused"));
            _clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        // 500 refusals over 10 s, inside one interval: only the first line.
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("req-0", entry.Message, StringComparison.Ordinal);
        Assert.NotNull(entry.Exception);
    }

    [Fact]
    public void Refused_OutageLastsSeveralIntervals_LogsOneLinePerIntervalWithTheCountAndNoStackTrace()
    {
        var log = new QuotaStoreOutageLog(_clock, _logger);

        // 100 refusals a second for 40 s.
        for (var i = 0; i < 4000; i++)
        {
            log.Refused($"req-{i}", new QuotaStoreUnavailableException("connection refused"));
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        var entries = _logger.Entries;
        Assert.Equal(3, entries.Count); // the first, then at 15 s and 30 s
        Assert.All(entries, e => Assert.Equal(LogLevel.Error, e.Level));
        Assert.NotNull(entries[0].Exception);
        Assert.All(entries.Skip(1), e => Assert.Null(e.Exception));
        Assert.Contains("1500 requests refused in the last 15 s", entries[1].Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", entries[1].Message, StringComparison.Ordinal);
        Assert.Contains("1500 requests refused in the last 15 s (30 s since the outage began)", entries[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Answered_AfterAnOutage_LogsOneRecoveryLineWithTheTotal_ThenANewOutageStartsAfresh()
    {
        var log = new QuotaStoreOutageLog(_clock, _logger);
        log.Answered();
        for (var i = 0; i < 30; i++)
        {
            log.Refused($"req-{i}", new QuotaStoreUnavailableException("down"));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        log.Answered();
        log.Answered();
        log.Refused("req-again", new QuotaStoreUnavailableException("down again"));

        var entries = _logger.Entries;
        Assert.Equal(4, entries.Count); // started, still down at 15 s, recovered, started again
        Assert.Equal(LogLevel.Information, entries[2].Level);
        Assert.Contains("after 30 s; 30 requests were refused", entries[2].Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Error, entries[3].Level);
        Assert.Contains("req-again", entries[3].Message, StringComparison.Ordinal);
        Assert.NotNull(entries[3].Exception);
    }

    [Fact]
    public async Task InvokeAsync_StoreDownForAMinuteUnderLoad_EveryRequestIs503ButTheLogHasAFewLines()
    {
        var store = new SwitchableQuotaStore(_clock) { Available = false };
        var logger = new CapturingLogger<QuotaAdmissionMiddleware>();
        var middleware = new QuotaAdmissionMiddleware(
            new NextStep().InvokeAsync, store, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions()), new ThrottleLog(_clock), _clock, logger);
        var statuses = new List<int>();

        for (var i = 0; i < 600; i++)
        {
            var http = Request();
            await middleware.InvokeAsync(http);
            statuses.Add(http.Response.StatusCode);
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        store.Available = true;
        var recovered = Request();
        await middleware.InvokeAsync(recovered);

        Assert.All(statuses, s => Assert.Equal(StatusCodes.Status503ServiceUnavailable, s));
        Assert.Equal(StatusCodes.Status200OK, recovered.Response.StatusCode);
        var entries = logger.Entries;
        Assert.Equal(5, entries.Count); // the first with its exception, at 15, 30 and 45 s, and the recovery
        Assert.Single(entries, e => e.Exception is not null);
        Assert.Equal(LogLevel.Information, entries[^1].Level);
        Assert.Contains("600 requests were refused", entries[^1].Message, StringComparison.Ordinal);
    }

    private static DefaultHttpContext Request()
    {
        var alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()));
        var team = GatewayRequests.Team(limits: QuotaTestLimits.Policy(rpm: 1_000_000));
        return GatewayRequests.Http(GatewayRequests.Resolved(alias, team, GatewayRequests.Key(team), Body));
    }

    private class CapturingLogger : ILogger
    {
        private readonly List<(LogLevel Level, string Message, Exception? Exception)> _entries = [];

        public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            lock (_entries)
            {
                _entries.Add((logLevel, formatter(state, exception), exception));
            }
        }
    }

    private sealed class CapturingLogger<T> : CapturingLogger, ILogger<T>;
}
