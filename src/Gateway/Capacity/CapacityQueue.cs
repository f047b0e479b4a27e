using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Capacity;

/// <summary>
/// The requests of one alias waiting for capacity, Normal ahead of Low and first come first served within a class.
/// Each waits with its connection held until room frees up (a request gives some back, a backend reports more left,
/// the minute turns), its class's deadline passes (shed), or its client leaves (removed, not counted as shed). A
/// waiting request holds no quota and no capacity: it is admitted only when it leaves the queue.
/// </summary>
public sealed class CapacityQueue
{
    private const int RecentWaits = 256;

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _normal = new();
    private readonly LinkedList<Waiter> _low = new();
    private readonly CapacityTracker _tracker;
    private readonly TimeProvider _clock;
    private readonly ClassFigures _normalFigures = new(RecentWaits);
    private readonly ClassFigures _lowFigures = new(RecentWaits);
    private ITimer? _windowTimer;
    private int _count;

    public CapacityQueue(string alias, CapacityTracker tracker, TimeProvider clock)
    {
        Alias = alias;
        _tracker = tracker;
        _clock = clock;
    }

    public string Alias { get; }

    /// <summary>Requests waiting now, all classes.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Waits for room for a request of <paramref name="priority"/> needing <paramref name="tokens"/>, within the class's
    /// deadline on <paramref name="alias"/>; refuses at once when the class may not wait or the queue is full.
    /// </summary>
    public Task<CapacityWait> WaitAsync(AliasEntry alias, PriorityClass priority, long tokens, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(alias);
        var settings = alias.Capacity;
        var deadline = settings.WaitFor(priority);
        if (priority == PriorityClass.High || deadline <= TimeSpan.Zero)
        {
            return Task.FromResult(new CapacityWait(CapacityWaitOutcome.NotQueued, null, TimeSpan.Zero));
        }

        var figures = FiguresOf(priority);
        var waiter = new Waiter(this, alias, priority, tokens, _clock.GetTimestamp());
        lock (_gate)
        {
            if (_count >= settings.MaxQueueLength)
            {
                figures.Refused();
                return Task.FromResult(new CapacityWait(CapacityWaitOutcome.QueueFull, null, TimeSpan.Zero));
            }

            // Room may have freed since the caller looked, and a request must not overtake those already waiting.
            if (_normal.Count == 0 && (priority == PriorityClass.Normal || _low.Count == 0)
                && _tracker.TryAdmit(alias, priority, tokens) is { } charge)
            {
                return Task.FromResult(new CapacityWait(CapacityWaitOutcome.Admitted, charge, TimeSpan.Zero));
            }

            waiter.Node = (priority == PriorityClass.Normal ? _normal : _low).AddLast(waiter);
            _count++;
            figures.Waiting++;
            _windowTimer ??= _clock.CreateTimer(static s => ((CapacityQueue)s!).OnWindowTurned(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _windowTimer.Change(CapacityMinute.UntilNext(_clock.GetUtcNow()), Timeout.InfiniteTimeSpan);
        }

        // Timers and the registration are made outside the lock: a timer due at once may fire on this thread.
        waiter.Deadline = _clock.CreateTimer(static s => ((Waiter)s!).Expire(), waiter, deadline < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : deadline, Timeout.InfiniteTimeSpan);
        waiter.Cancellation = cancellation.Register(static s => ((Waiter)s!).Leave(), waiter);
        return waiter.Task;
    }

    /// <summary>Admits waiting requests, Normal first and in order, for as long as there is room.</summary>
    public void Pump()
    {
        if (Volatile.Read(ref _count) == 0)
        {
            return;
        }

        List<(Waiter Waiter, CapacityCharge Charge)>? admitted = null;
        lock (_gate)
        {
            foreach (var queue in (ReadOnlySpan<LinkedList<Waiter>>)[_normal, _low])
            {
                while (queue.First is { } node)
                {
                    var waiter = node.Value;
                    if (_tracker.TryAdmit(waiter.Alias, waiter.Priority, waiter.Tokens) is not { } charge)
                    {
                        // The head of the line waits on; nobody behind it (in its class or a lower one) overtakes it.
                        goto done;
                    }

                    Remove(waiter);
                    (admitted ??= []).Add((waiter, charge));
                }
            }

        done:;
        }

        foreach (var (waiter, charge) in admitted ?? [])
        {
            if (!waiter.Complete(CapacityWaitOutcome.Admitted, charge))
            {
                // The client left in the same instant: give its room to the next.
                _tracker.Settle(charge, served: false);
            }
        }
    }

    /// <summary>Length, shed count and recent waits of each class that may wait.</summary>
    public IReadOnlyList<CapacityQueueFigures> Figures()
    {
        lock (_gate)
        {
            return [_normalFigures.Snapshot(Alias, PriorityClass.Normal), _lowFigures.Snapshot(Alias, PriorityClass.Low)];
        }
    }

    private void OnWindowTurned()
    {
        Pump();
        lock (_gate)
        {
            if (_count > 0)
            {
                _windowTimer?.Change(CapacityMinute.UntilNext(_clock.GetUtcNow()), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private ClassFigures FiguresOf(PriorityClass priority) => priority == PriorityClass.Normal ? _normalFigures : _lowFigures;

    /// <summary>Takes a waiter out of its line; the caller holds the lock.</summary>
    private bool Remove(Waiter waiter)
    {
        if (waiter.Node?.List is not { } list)
        {
            return false;
        }

        list.Remove(waiter.Node);
        _count--;
        var figures = FiguresOf(waiter.Priority);
        figures.Waiting--;
        figures.Waited(_clock.GetElapsedTime(waiter.Since));
        return true;
    }

    private sealed class Waiter(CapacityQueue queue, AliasEntry alias, PriorityClass priority, long tokens, long since)
    {
        private readonly TaskCompletionSource<CapacityWait> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AliasEntry Alias { get; } = alias;
        public PriorityClass Priority { get; } = priority;
        public long Tokens { get; } = tokens;
        public long Since { get; } = since;
        public LinkedListNode<Waiter>? Node { get; set; }
        public ITimer? Deadline { get; set; }
        public CancellationTokenRegistration Cancellation { get; set; }
        public Task<CapacityWait> Task => _done.Task;

        public void Expire() => Leave(CapacityWaitOutcome.TimedOut);

        public void Leave() => Leave(CapacityWaitOutcome.ClientLeft);

        public bool Complete(CapacityWaitOutcome outcome, CapacityCharge? charge)
        {
            Deadline?.Dispose();
            // Not disposed from within its own callback (that would wait for the callback to end); unregistering is enough.
            Cancellation.Unregister();
            return _done.TrySetResult(new CapacityWait(outcome, charge, queue._clock.GetElapsedTime(Since)));
        }

        private void Leave(CapacityWaitOutcome outcome)
        {
            lock (queue._gate)
            {
                if (!queue.Remove(this))
                {
                    return;
                }

                if (outcome == CapacityWaitOutcome.TimedOut)
                {
                    queue.FiguresOf(Priority).Shed();
                }
            }

            Complete(outcome, null);
        }
    }

    private sealed class ClassFigures(int capacity)
    {
        private readonly double[] _waitsMs = new double[capacity];
        private long _recorded;

        public int Waiting { get; set; }
        public long ShedCount { get; private set; }
        public long RefusedCount { get; private set; }

        public void Shed() => ShedCount++;

        public void Refused() => RefusedCount++;

        public void Waited(TimeSpan waited) => _waitsMs[_recorded++ % _waitsMs.Length] = waited.TotalMilliseconds;

        public CapacityQueueFigures Snapshot(string alias, PriorityClass priority)
        {
            var count = (int)Math.Min(_recorded, _waitsMs.Length);
            var sorted = _waitsMs[..count];
            Array.Sort(sorted);
            return new CapacityQueueFigures(
                alias, priority, Waiting, Percentile(sorted, 0.5), Percentile(sorted, 0.95), ShedCount, RefusedCount);
        }

        private static double? Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? null : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
    }
}
