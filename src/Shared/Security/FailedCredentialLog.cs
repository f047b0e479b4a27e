using Microsoft.Extensions.Logging;

namespace AiGateway.Shared.Security;

/// <summary>
/// Logs refused credentials at a rate a log pipeline can bear: per source (a gateway key's public prefix, never its
/// secret; or a fixed label such as <see cref="BootstrapToken"/>) and per minute of <see cref="TimeProvider"/> time.
/// The first failure of a source in a minute is logged at once, so an operator sees an attack begin; the rest are
/// counted and reported in one line with the minute's total when the minute is over. Only refusals come here: a
/// caller whose credential is accepted pays nothing.
/// </summary>
public sealed partial class FailedCredentialLog : IDisposable
{
    /// <summary>Sources beyond this many in one minute are counted together, so random prefixes cannot flood the log.</summary>
    public const int MaxSourcesPerMinute = 100;

    public const string OtherSources = "(other sources)";
    public const string NotAGatewayKey = "(not a gateway key)";
    public const string BootstrapToken = "(bootstrap token)";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _clock;
    private readonly ILogger<FailedCredentialLog> _logger;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private long _minute;

    public FailedCredentialLog(TimeProvider clock, ILogger<FailedCredentialLog> logger)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _clock = clock;
        _logger = logger;
        _minute = MinuteOf(clock.GetUtcNow());
        // A minute without further failures still gets its summary: the timer closes the minutes that are over.
        _timer = clock.CreateTimer(_ => CloseFinishedMinute(), null, Minute, Minute);
    }

    /// <summary>Counts one refused credential from <paramref name="source"/> (a key prefix or a label, never a secret).</summary>
    public void Record(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var now = MinuteOf(_clock.GetUtcNow());
        Dictionary<string, int>? finished;
        long finishedMinute;
        bool first;
        lock (_gate)
        {
            finishedMinute = _minute;
            finished = now != _minute ? Swap(now) : null;
            if (!_counts.ContainsKey(source) && _counts.Count >= MaxSourcesPerMinute)
            {
                source = OtherSources;
            }

            _counts.TryGetValue(source, out var count);
            _counts[source] = count + 1;
            first = count == 0;
        }

        if (finished is not null)
        {
            Summarise(finished, finishedMinute);
        }

        if (first)
        {
            Log.FirstFailure(_logger, source);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Dictionary<string, int> last;
        long minute;
        lock (_gate)
        {
            minute = _minute;
            last = Swap(_minute);
        }

        Summarise(last, minute);
    }

    private void CloseFinishedMinute()
    {
        var now = MinuteOf(_clock.GetUtcNow());
        Dictionary<string, int>? finished = null;
        long minute;
        lock (_gate)
        {
            minute = _minute;
            if (now != _minute)
            {
                finished = Swap(now);
            }
        }

        if (finished is not null)
        {
            Summarise(finished, minute);
        }
    }

    private Dictionary<string, int> Swap(long minute)
    {
        var finished = _counts;
        _counts = new Dictionary<string, int>(StringComparer.Ordinal);
        _minute = minute;
        return finished;
    }

    // A source refused once this minute was already logged in full by its first line.
    private void Summarise(Dictionary<string, int> counts, long minute)
    {
        foreach (var (source, count) in counts)
        {
            if (count > 1)
            {
                Log.MinuteSummary(_logger, count, source, DateTimeOffset.FromUnixTimeSeconds(minute * 60));
            }
        }
    }

    private static long MinuteOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Credential refused from {Source}; further refusals from it this minute are counted and reported when the minute ends")]
        public static partial void FirstFailure(ILogger logger, string source);

        [LoggerMessage(2, LogLevel.Warning, "{Count} credentials refused from {Source} in the minute from {MinuteStart:u}")]
        public static partial void MinuteSummary(ILogger logger, int count, string source, DateTimeOffset minuteStart);
    }
}
