using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// Quota counters in Redis, shared by every replica, at in-process speed: each replica takes blocks of quota from the
/// Redis counters (a block counts as used in Redis the moment it is taken) and admits requests from its blocks
/// without a round trip. Near a limit it takes no blocks and reserves each request exactly, as
/// <see cref="RedisQuotaStore"/> does, so limits stay exact where it matters and cost nothing far from them.
/// </summary>
/// <remarks>
/// <para><b>Atomic over a request's counters.</b> A request's counters are all one team's; one small lock per team
/// covers them. Under it, the request either takes what it needs from every local block at once, or holds what the
/// blocks have and goes to Redis, in one Lua script (<see cref="RedisQuotaScripts.Lease"/>), for the rest of every
/// counter that fell short. If Redis refuses, the held quota goes back into the blocks, not lost; before the refusal
/// stands, the request waits for this replica's other block requests already sent and looks at its blocks once more,
/// so a block arriving a moment later is not left unused while requests are refused. Nothing awaits under the lock.</para>
/// <para><b>Block size.</b> A block is sized for <see cref="QuotaLeaseSettings.Target"/> of the replica's own recent
/// use of the counter (at most twice the last, and at least the request), never more than
/// <see cref="QuotaLeaseSettings.MaxShare"/> of what the window has left, rounded down to whole requests of the one
/// that asked; none at all while fewer than <see cref="QuotaLeaseSettings.ExactBelowBlocks"/> such blocks are left.</para>
/// <para><b>Giving back.</b> A block unused for <see cref="QuotaLeaseSettings.Idle"/> (or whose policy's limit changed or
/// went) is given back to Redis; so is what is left in a day or month block when its window ends (a minute's key just
/// expires), and everything at disposal. Give-backs go through the corrections batcher; at disposal they are sent at once.</para>
/// <para>Settlements and releases go to the shared counters exactly as in <see cref="RedisQuotaStore"/>. A refused
/// request is refused by Redis (or the request-too-large rule), never by an empty block alone.</para>
/// </remarks>
public sealed partial class RedisLeaseQuotaStore : IQuotaStore, IAsyncDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _clock;
    private readonly RedisQuotaStore _exact;
    private readonly RedisCounterCorrections _returns;
    private readonly ILogger<RedisLeaseQuotaStore> _logger;
    private readonly ConcurrentDictionary<Guid, TeamLeases> _teams = new();
    private readonly ITimer _sweeper;
    private readonly double _targetTicks;
    private readonly long _idleTicks;
    private readonly int _exactBelowBlocks;
    private readonly RedisValue _exactBelowArgument;
    private readonly RedisValue _shareArgument;
    private long _roundTrips;
    private int _disposed;

    /// <param name="redis">The shared Redis.</param>
    /// <param name="clock">The gateway's clock: windows and block ages.</param>
    /// <param name="exact">The exact store on the same counters: settlements, releases, and the rare request a lease
    /// cannot serve (one too large for a limit, one whose counters span teams, any after disposal).</param>
    /// <param name="returns">Sends given-back block remainders, batched.</param>
    /// <param name="settings">Block sizing and idle return.</param>
    /// <param name="logger">Reports give-backs that could not be sent at disposal.</param>
    public RedisLeaseQuotaStore(
        IConnectionMultiplexer redis,
        TimeProvider clock,
        RedisQuotaStore exact,
        RedisCounterCorrections returns,
        QuotaLeaseSettings settings,
        ILogger<RedisLeaseQuotaStore> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(exact);
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _redis = redis;
        _clock = clock;
        _exact = exact;
        _returns = returns;
        _logger = logger;
        _targetTicks = settings.Target.Ticks;
        _idleTicks = settings.Idle.Ticks;
        _exactBelowBlocks = settings.ExactBelowBlocks;
        _exactBelowArgument = settings.ExactBelowBlocks;
        _shareArgument = settings.MaxShare;

        // Half the idle time between sweeps: a block is given back between one and one and a half idle times after its last use.
        var sweep = TimeSpan.FromTicks(Math.Max(settings.Idle.Ticks / 2, TimeSpan.TicksPerMillisecond));
        _sweeper = clock.CreateTimer(static state => ((RedisLeaseQuotaStore)state!).Sweep(), this, sweep, sweep);
    }

    /// <summary>Reservations that went to Redis (one round trip each), for tests and measurements.</summary>
    internal long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>How many teams hold lease state now (for tests of the eviction).</summary>
    internal int HeldTeams => _teams.Count;

    public ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counters);
        estimate.ThrowIfNegative(nameof(estimate));
        ct.ThrowIfCancellationRequested();
        var now = _clock.GetUtcNow();
        var windows = QuotaWindows.Of(now);
        if (!TryGetTeam(counters, estimate, out var teamId, out var anyCounted))
        {
            return ExactAsync(counters, estimate, ct);
        }

        if (!anyCounted)
        {
            return ValueTask.FromResult(new QuotaDecision(new QuotaReservation(counters, estimate, windows.At), null, null, null, null, null));
        }

        while (true)
        {
            var leases = _teams.GetOrAdd(teamId, static _ => new TeamLeases());
            Trip? trip;
            lock (leases.Gate)
            {
                if (leases.Evicted)
                {
                    continue;
                }

                var taken = Take(teamId, leases, counters, estimate, windows, now.UtcTicks, out trip);
                if (taken == Taking.Stale)
                {
                    break;
                }

                if (taken == Taking.Local)
                {
                    return ValueTask.FromResult(Decide(leases, counters, estimate, windows, refusal: null));
                }
            }

            return ReserveInRedisAsync(teamId, leases, trip!, counters, estimate, windows);
        }

        // Another request already moved a lease into a later window than this one's clock reading: rare, at a
        // window's edge; the exact store serves it.
        return ExactAsync(counters, estimate, ct);
    }

    public ValueTask SettleAsync(QuotaReservation reservation, QuotaAmount actual, CancellationToken ct) =>
        _exact.SettleAsync(reservation, actual, ct);

    public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct) =>
        _exact.ReleaseAsync(reservation, ct);

    /// <summary>Stops taking blocks and sends back every block's remainder at once (the host does this at shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _sweeper.DisposeAsync().ConfigureAwait(false);
        var windows = QuotaWindows.Of(_clock.GetUtcNow());
        var database = _redis.GetDatabase();
        var sends = new List<(Task Send, int Keys)>();
        foreach (var leases in _teams.Values)
        {
            List<RedisKey>? keys = null;
            List<RedisValue>? deltas = null;
            lock (leases.Gate)
            {
                foreach (var policy in leases.Policies.Values)
                {
                    for (var d = 0; d < QuotaDimensions.Count; d++)
                    {
                        var dimension = (QuotaDimension)d;
                        if (policy.Existing(dimension) is { Available: > 0 } lease && WorthGivingBack(lease, dimension, windows))
                        {
                            (keys ??= []).Add(lease.Key);
                            (deltas ??= []).Add(-lease.TakeAll());
                        }
                    }
                }
            }

            if (keys is not null)
            {
                sends.Add((database.ScriptEvaluateAsync(RedisQuotaScripts.Adjust, [.. keys], [.. deltas!]), keys.Count));
            }
        }

        foreach (var (send, keys) in sends)
        {
            try
            {
                await send.ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Log.GiveBackFailed(_logger, keys, e);
            }
        }
    }

    /// <summary>
    /// The team of the counters that count something, when a lease can serve the request: false when the exact store
    /// must (after disposal; counters of two teams; an estimate larger than a token limit, which is refused at once,
    /// with exact headroom figures, and never counted).
    /// </summary>
    private bool TryGetTeam(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, out Guid team, out bool anyCounted)
    {
        team = Guid.Empty;
        anyCounted = false;
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        for (var i = 0; i < counters.Count; i++)
        {
            if (!QuotaRules.Counts(counters, i))
            {
                continue;
            }

            var counter = counters[i];
            if (QuotaRules.TooLarge(counter.Limits, estimate.Tokens) || (anyCounted && counter.TeamId != team))
            {
                return false;
            }

            team = counter.TeamId;
            anyCounted = true;
        }

        return true;
    }

    private ValueTask<QuotaDecision> ExactAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct)
    {
        Interlocked.Increment(ref _roundTrips);
        return _exact.ReserveAsync(counters, estimate, ct);
    }

    /// <summary>
    /// Under the team's lock: takes the request from the local blocks if every counter has room there (Local), or holds
    /// what they have and describes what Redis must be asked for (<paramref name="trip"/>), unless
    /// <paramref name="localOnly"/>, which only takes from the blocks or leaves them as they were.
    /// </summary>
    private Taking Take(
        Guid teamId, TeamLeases leases, IReadOnlyList<QuotaCounter> counters, QuotaAmount amount, QuotaWindows windows, long nowTicks, out Trip? trip, bool localOnly = false)
    {
        trip = null;
        var missed = false;
        for (var i = 0; i < counters.Count; i++)
        {
            if (!QuotaRules.Counts(counters, i))
            {
                continue;
            }

            var counter = counters[i];
            var policy = PolicyOf(leases, counter, nowTicks);
            for (var d = 0; d < QuotaDimensions.Count; d++)
            {
                var dimension = (QuotaDimension)d;
                if (QuotaDimensions.Limit(counter.Limits, dimension) is not { } limit)
                {
                    continue;
                }

                var lease = policy.Lease(dimension);
                var window = QuotaDimensions.Window(windows, dimension);
                if (lease.Window != window)
                {
                    if (lease.Window > window)
                    {
                        return Taking.Stale;
                    }

                    var left = lease.MoveTo(window, policy.KeyPrefix + RedisQuotaKeys.Suffix(dimension, windows), out var endedKey);
                    if (left > 0 && endedKey is not null && QuotaDimensions.OutlivesItsWindow(dimension))
                    {
                        GiveBack(teamId, endedKey, left);
                    }
                }

                if (lease.Limit != limit)
                {
                    // The policy changed: a block taken under a higher limit must not admit past the new one, and Redis
                    // knows the new limit on the next trip.
                    var left = lease.TakeAll();
                    if (left > 0)
                    {
                        GiveBack(teamId, lease.Key!, left);
                    }

                    lease.Limit = limit;
                }

                missed |= FitOf(lease, QuotaDimensions.Need(amount, dimension)) == Fit.Miss;
            }
        }

        if (!missed)
        {
            ForEachLimited(leases, counters, amount, static (lease, _, need, _) =>
            {
                lease.Available -= need;
                lease.UsedSinceAsked += need;
            });
            return Taking.Local;
        }

        if (localOnly)
        {
            return Taking.Trip;
        }

        trip = new Trip(++leases.NextTrip);
        for (var i = 0; i < counters.Count; i++)
        {
            if (!QuotaRules.Counts(counters, i))
            {
                continue;
            }

            var counter = counters[i];
            var policy = leases.Policies[counter.Limits.PolicyId];
            for (var d = 0; d < QuotaDimensions.Count; d++)
            {
                var dimension = (QuotaDimension)d;
                if (QuotaDimensions.Limit(counter.Limits, dimension) is not { } limit)
                {
                    continue;
                }

                var lease = policy.Lease(dimension);
                var need = QuotaDimensions.Need(amount, dimension);
                var fit = FitOf(lease, need);
                var held = fit == Fit.Local ? need : Math.Min(lease.Available, need);
                lease.Available -= held;
                policy.InFlight++;
                var part = new TripPart(policy, lease, dimension, counter.Limits.PolicyId, lease.Window, lease.Key!, need, held, limit)
                {
                    // A counter that needs nothing and has no block is asked too, as a check: it may be over its limit.
                    Sent = fit != Fit.Local,
                };
                if (fit == Fit.Miss && need > 0)
                {
                    part.Want = Want(lease, need, limit, nowTicks);
                }

                trip.Parts.Add(part);
                trip.WantsBlocks |= part.Want > 0;
            }
        }

        if (trip.WantsBlocks)
        {
            trip.Granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            leases.GrantsInFlight.Add(trip.Granted.Task);
        }

        return Taking.Trip;
    }

    private async ValueTask<QuotaDecision> ReserveInRedisAsync(
        Guid teamId, TeamLeases leases, Trip trip, IReadOnlyList<QuotaCounter> counters, QuotaAmount amount, QuotaWindows windows)
    {
        long[] reply;
        try
        {
            reply = await EvaluateAsync(trip);
        }
        catch
        {
            lock (leases.Gate)
            {
                Undo(teamId, leases, trip, reply: null);
            }

            throw;
        }

        var now = _clock.GetUtcNow().UtcTicks;
        if (reply[0] < 0)
        {
            lock (leases.Gate)
            {
                Apply(teamId, leases, trip, reply, now);
                return Decide(leases, counters, amount, windows, refusal: null);
            }
        }

        Task[]? others;
        lock (leases.Gate)
        {
            Undo(teamId, leases, trip, reply);
            others = leases.GrantsInFlight.Count == 0 ? null : [.. leases.GrantsInFlight];
        }

        if (others is not null)
        {
            // Blocks this replica asked for before Redis said no: they are on their way back, within a round trip.
            // These tasks only ever complete successfully.
            await Task.WhenAll(others);
        }

        var refused = trip.Parts[RefusingPart(trip, (int)reply[1])];
        var refusal = new Refusal(QuotaDimensions.Refusal(refused.Dimension), refused.PolicyId, reply[2] < 0 ? null : reply[2]);
        lock (leases.Gate)
        {
            if (!leases.Evicted && Take(teamId, leases, counters, amount, windows, now, out _, localOnly: true) == Taking.Local)
            {
                return Decide(leases, counters, amount, windows, refusal: null);
            }

            return Decide(leases, counters, amount, windows, refusal);
        }
    }

    private async Task<long[]> EvaluateAsync(Trip trip)
    {
        var sent = 0;
        foreach (var part in trip.Parts)
        {
            sent += part.Sent ? 1 : 0;
        }

        var keys = new RedisKey[sent];
        var args = new RedisValue[2 + (7 * sent)];
        args[0] = _exactBelowArgument;
        args[1] = _shareArgument;
        var k = 0;
        foreach (var part in trip.Parts)
        {
            if (!part.Sent)
            {
                continue;
            }

            var kind = QuotaDimensions.Refusal(part.Dimension);
            var at = 2 + (7 * k);
            keys[k++] = part.Key;
            args[at] = part.Need - part.Held;
            args[at + 1] = part.Want;
            args[at + 2] = part.Need;
            args[at + 3] = part.Limit;
            args[at + 4] = QuotaDimensions.KeyLifetime(part.Dimension);
            args[at + 5] = (int)kind;
            args[at + 6] = QuotaRules.CheckOrder(kind);
        }

        Interlocked.Increment(ref _roundTrips);
        try
        {
            return (long[]?)await _redis.GetDatabase().ScriptEvaluateAsync(RedisQuotaScripts.Lease, keys, args).ConfigureAwait(false)
                ?? throw new QuotaStoreUnavailableException("The Redis quota lease script returned nothing.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new QuotaStoreUnavailableException("The Redis quota store could not be reached: " + e.Message, e);
        }
    }

    /// <summary>Under the lock, after Redis admitted: adds the blocks it gave and notes what it said is left.</summary>
    private void Apply(Guid teamId, TeamLeases leases, Trip trip, long[] reply, long nowTicks)
    {
        var disposed = Volatile.Read(ref _disposed) != 0;
        var k = 0;
        foreach (var part in trip.Parts)
        {
            part.Policy.InFlight--;
            var lease = part.Lease;
            var current = lease.Window == part.Window;
            if (!part.Sent)
            {
                lease.UsedSinceAsked += current ? part.Need : 0;
                continue;
            }

            var block = reply[3 + (2 * k)];
            var remaining = reply[4 + (2 * k)];
            k++;
            if (!current || disposed)
            {
                // The block came back for a window the lease has left (or a store that is closing): not to be used here.
                if (block > 0 && (current || QuotaDimensions.OutlivesItsWindow(part.Dimension)))
                {
                    GiveBack(teamId, part.Key, block);
                }

                continue;
            }

            lease.Available += block;
            lease.Learn(remaining, trip.Sequence);
            lease.Size = part.Want > 0 ? part.Want : lease.Size;
            lease.AskedAtTicks = nowTicks;
            lease.UsedSinceAsked = part.Need;
        }

        Finish(leases, trip);
    }

    /// <summary>Under the lock, when the request was not admitted: puts the held quota back where it came from.</summary>
    private void Undo(Guid teamId, TeamLeases leases, Trip trip, long[]? reply)
    {
        var k = 0;
        foreach (var part in trip.Parts)
        {
            part.Policy.InFlight--;
            var lease = part.Lease;
            var current = lease.Window == part.Window;
            if (part.Held > 0)
            {
                if (current)
                {
                    lease.Available += part.Held;
                }
                else if (QuotaDimensions.OutlivesItsWindow(part.Dimension))
                {
                    GiveBack(teamId, part.Key, part.Held);
                }
            }

            if (part.Sent && reply is not null)
            {
                if (current)
                {
                    lease.Learn(reply[4 + (2 * k)], trip.Sequence);
                }

                k++;
            }
        }

        Finish(leases, trip);
    }

    private static void Finish(TeamLeases leases, Trip trip)
    {
        if (trip.Granted is { } granted)
        {
            leases.GrantsInFlight.Remove(granted.Task);
            granted.SetResult();
        }
    }

    /// <summary>The part that Redis's refusing key (its index among the sent parts) belongs to.</summary>
    private static int RefusingPart(Trip trip, int sentIndex)
    {
        for (var i = 0; i < trip.Parts.Count; i++)
        {
            if (trip.Parts[i].Sent && sentIndex-- == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("The Redis quota lease script named a key it was not sent.");
    }

    /// <summary>
    /// The block to ask for: enough for the target time at the rate this replica used the counter since it last asked
    /// Redis, between the request itself and twice the last block (so it grows fast from a cold start and never jumps),
    /// and none when the replica already knows the window is nearly spent.
    /// </summary>
    private long Want(QuotaLease lease, long need, long limit, long nowTicks)
    {
        long want;
        if (lease.Size == 0)
        {
            want = need;
        }
        else
        {
            var elapsed = nowTicks - lease.AskedAtTicks;
            var forTarget = elapsed <= 0 ? double.MaxValue : (lease.UsedSinceAsked + need) * _targetTicks / elapsed;
            want = (long)Math.Clamp(forTarget, need, 2.0 * Math.Max(lease.Size, need));
        }

        want = Math.Min(want, limit);
        return lease.KnownRemaining >= 0 && lease.KnownRemaining - need < (double)_exactBelowBlocks * want ? 0 : want;
    }

    private static Fit FitOf(QuotaLease lease, long need)
    {
        if (need > 0)
        {
            return lease.Available >= need ? Fit.Local : Fit.Miss;
        }

        // Nothing to take: no block is needed, only the belief that the window is not already over its limit.
        return lease.Available > 0 ? Fit.Local : lease.KnownRemaining > 0 ? Fit.Assumed : Fit.Miss;
    }

    private static PolicyLeases PolicyOf(TeamLeases leases, QuotaCounter counter, long nowTicks)
    {
        var id = counter.Limits.PolicyId;
        if (!leases.Policies.TryGetValue(id, out var policy))
        {
            policy = new PolicyLeases(RedisQuotaKeys.Prefix(counter));
            leases.Policies.Add(id, policy);
        }

        policy.Limits = counter.Limits;
        policy.LastUsedTicks = nowTicks;
        return policy;
    }

    private static void ForEachLimited(
        TeamLeases leases, IReadOnlyList<QuotaCounter> counters, QuotaAmount amount, Action<QuotaLease, QuotaDimension, long, QuotaCounter> action)
    {
        for (var i = 0; i < counters.Count; i++)
        {
            if (!QuotaRules.Counts(counters, i))
            {
                continue;
            }

            var counter = counters[i];
            var policy = leases.Policies[counter.Limits.PolicyId];
            for (var d = 0; d < QuotaDimensions.Count; d++)
            {
                var dimension = (QuotaDimension)d;
                if (QuotaDimensions.Limit(counter.Limits, dimension) is not null)
                {
                    action(policy.Lease(dimension), dimension, QuotaDimensions.Need(amount, dimension), counter);
                }
            }
        }
    }

    /// <summary>
    /// The decision, under the lock, with this replica's view of the headroom: what Redis last said was left outside
    /// every block plus its own block. Far from a limit that lags other replicas' use by up to a block's time; near
    /// one, every request asks Redis and the figure is exact.
    /// </summary>
    private static QuotaDecision Decide(TeamLeases leases, IReadOnlyList<QuotaCounter> counters, QuotaAmount amount, QuotaWindows windows, Refusal? refusal)
    {
        long? requests = null;
        long? tokens = null;
        for (var i = 0; i < counters.Count; i++)
        {
            if (!QuotaRules.Counts(counters, i) || !leases.Policies.TryGetValue(counters[i].Limits.PolicyId, out var policy))
            {
                continue;
            }

            var limits = counters[i].Limits;
            if (limits.RequestsPerMinute is not null && policy.Existing(QuotaDimension.Requests) is { } requestLease)
            {
                requests = Math.Min(requests ?? long.MaxValue, requestLease.Headroom);
            }

            if (limits.TokensPerMinute is not null && policy.Existing(QuotaDimension.MinuteTokens) is { } tokenLease)
            {
                tokens = Math.Min(tokens ?? long.MaxValue, tokenLease.Headroom);
            }
        }

        if (refusal is { } refused)
        {
            return new QuotaDecision(null, refused.Kind, refused.PolicyId, windows.RetryAfter(refused.Kind), requests, tokens)
            {
                RemainingCostMicros = refused.CostLeft,
            };
        }

        return new QuotaDecision(new QuotaReservation(counters, amount, windows.At), null, null, null, requests, tokens);
    }

    /// <summary>Gives back idle blocks, blocks of limits no longer set and day or month remainders of ended windows; drops idle state.</summary>
    private void Sweep()
    {
        try
        {
            SweepTeams();
        }
        catch (Exception e)
        {
            // A timer callback that throws would end the process; the next sweep tries again.
            Log.SweepFailed(_logger, e);
        }
    }

    private void SweepTeams()
    {
        var now = _clock.GetUtcNow();
        var windows = QuotaWindows.Of(now);
        foreach (var (teamId, leases) in _teams)
        {
            lock (leases.Gate)
            {
                List<Guid>? idle = null;
                foreach (var (policyId, policy) in leases.Policies)
                {
                    var isIdle = policy.InFlight == 0 && now.UtcTicks - policy.LastUsedTicks >= _idleTicks;
                    for (var d = 0; d < QuotaDimensions.Count; d++)
                    {
                        var dimension = (QuotaDimension)d;
                        if (policy.Existing(dimension) is not { Available: > 0 } lease)
                        {
                            continue;
                        }

                        var ended = lease.Window < QuotaDimensions.Window(windows, dimension);
                        var unlimited = policy.Limits is not { } limits || QuotaDimensions.Limit(limits, dimension) is null;
                        if (isIdle || ended || unlimited)
                        {
                            var worth = WorthGivingBack(lease, dimension, windows);
                            var left = lease.TakeAll();
                            if (worth)
                            {
                                GiveBack(teamId, lease.Key!, left);
                            }
                        }
                    }

                    if (isIdle)
                    {
                        (idle ??= []).Add(policyId);
                    }
                }

                if (idle is not null)
                {
                    foreach (var policyId in idle)
                    {
                        leases.Policies.Remove(policyId);
                    }
                }

                if (leases.Policies.Count == 0 && leases.GrantsInFlight.Count == 0)
                {
                    leases.Evicted = true;
                    _teams.TryRemove(new KeyValuePair<Guid, TeamLeases>(teamId, leases));
                }
            }
        }
    }

    private static bool WorthGivingBack(QuotaLease lease, QuotaDimension dimension, QuotaWindows now) =>
        lease.Key is not null && (lease.Window >= QuotaDimensions.Window(now, dimension) || QuotaDimensions.OutlivesItsWindow(dimension));

    private void GiveBack(Guid teamId, string key, long amount) => _returns.Add(teamId, key, -amount);

    private enum Taking
    {
        Local,
        Trip,
        Stale,
    }

    private enum Fit
    {
        /// <summary>The block has room: nothing to ask Redis.</summary>
        Local,

        /// <summary>Needs nothing and has no block, but Redis said the window had room: Redis is asked only if another counter must be.</summary>
        Assumed,

        /// <summary>Redis must be asked.</summary>
        Miss,
    }

    private readonly record struct Refusal(QuotaLimitKind Kind, Guid PolicyId, long? CostLeft);

    /// <summary>A request on its way to Redis: what each of its counters holds locally and what it asks for.</summary>
    private sealed class Trip(long sequence)
    {
        public long Sequence { get; } = sequence;

        public List<TripPart> Parts { get; } = new(4);

        public bool WantsBlocks { get; set; }

        /// <summary>Completed when a trip that asked for blocks is done, so a refused request can wait for it.</summary>
        public TaskCompletionSource? Granted { get; set; }
    }

    private sealed record TripPart(
        PolicyLeases Policy, QuotaLease Lease, QuotaDimension Dimension, Guid PolicyId, long Window, string Key, long Need, long Held, long Limit)
    {
        public bool Sent { get; init; }

        public long Want { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(611, LogLevel.Warning, "Could not give {Count} quota lease remainders back to Redis at shutdown; those counters keep them as used until their windows end")]
        public static partial void GiveBackFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(612, LogLevel.Error, "Giving idle quota lease blocks back to Redis failed; the next sweep tries again")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
