using System.Collections.Concurrent;

namespace AiGateway.Simulator.State;

/// <summary>Counters of one deployment (or of requests that named none), read by <c>GET /_simulator/stats</c>.</summary>
internal sealed class DeploymentStats
{
    /// <summary>Recorded for a request whose client went away before it was answered (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private long _requests;
    private long _promptTokens;
    private long _completionTokens;
    private long _throttled;
    private long _faults;
    private long _hung;
    private long _streamsCut;

    public void RecordStatus(int status)
    {
        Interlocked.Increment(ref _requests);
        _statuses.AddOrUpdate(status, 1, static (_, count) => count + 1);
    }

    public void RecordTokens(long prompt, long completion)
    {
        Interlocked.Add(ref _promptTokens, prompt);
        Interlocked.Add(ref _completionTokens, completion);
    }

    public void RecordThrottled() => Interlocked.Increment(ref _throttled);

    public void RecordFault() => Interlocked.Increment(ref _faults);

    public void RecordHung() => Interlocked.Increment(ref _hung);

    public void RecordStreamCut() => Interlocked.Increment(ref _streamsCut);

    public void Clear()
    {
        _statuses.Clear();
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _promptTokens, 0);
        Interlocked.Exchange(ref _completionTokens, 0);
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _faults, 0);
        Interlocked.Exchange(ref _hung, 0);
        Interlocked.Exchange(ref _streamsCut, 0);
    }

    public DeploymentStatsView ToView() => new(
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _promptTokens),
        Interlocked.Read(ref _completionTokens),
        Interlocked.Read(ref _throttled),
        Interlocked.Read(ref _faults),
        Interlocked.Read(ref _hung),
        Interlocked.Read(ref _streamsCut),
        _statuses.OrderBy(s => s.Key).ToDictionary(
            s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value));
}
