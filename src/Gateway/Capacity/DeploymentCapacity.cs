namespace AiGateway.Gateway.Capacity;

/// <summary>
/// One deployment's use of its capacity in the current fixed minute: the requests and (estimated, then real) tokens
/// the gateway sent it, corrected, up or down, whenever the backend says what it has left
/// (<c>x-ratelimit-remaining-tokens</c>/<c>-requests</c>). The limits are the deployment's configured TPM/RPM, or what
/// the backend reports (<c>x-ratelimit-limit-*</c>) when none is configured.
/// </summary>
/// <remarks>
/// Checking and taking capacity is one step under a lock held for a few arithmetic operations: two counters and a
/// window must change together, and an uncontended lock costs tens of nanoseconds, far inside the request path's budget.
/// </remarks>
public sealed class DeploymentCapacity
{
    private readonly Lock _gate = new();
    private long _minute = long.MinValue;
    private long _tokens;
    private long _requests;
    private long _unsharedRequests;
    private long _unsharedTokens;
    private long? _learntTokenLimit;
    private long? _learntRequestLimit;
    private bool _knowsTokenLimit;

    public DeploymentCapacity(Guid deploymentId) => DeploymentId = deploymentId;

    public Guid DeploymentId { get; }

    /// <summary>Whether the backend has told a token limit (read without the lock: a stale answer only costs an estimate).</summary>
    public bool KnowsTokenLimit => Volatile.Read(ref _knowsTokenLimit);

    /// <summary>What is left in <paramref name="minute"/> under the limits <paramref name="configuredTokens"/>/<paramref name="configuredRequests"/> (or the learnt ones).</summary>
    public CapacityHeadroom Headroom(long minute, int? configuredTokens, int? configuredRequests)
    {
        lock (_gate)
        {
            Turn(minute);
            var tokenLimit = configuredTokens ?? _learntTokenLimit;
            var requestLimit = configuredRequests ?? _learntRequestLimit;
            return new CapacityHeadroom(
                tokenLimit is { } t ? t - _tokens : null, tokenLimit, requestLimit is { } r ? r - _requests : null, requestLimit);
        }
    }

    /// <summary>
    /// Takes one request and <paramref name="tokens"/> if they fit within <paramref name="share"/> of each limit; a
    /// request larger than the whole share is held to it, so it can still pass into an empty window.
    /// </summary>
    /// <returns>The tokens taken, or null when there is no room.</returns>
    public long? TryTake(long minute, int? configuredTokens, int? configuredRequests, double share, long tokens)
    {
        lock (_gate)
        {
            Turn(minute);
            var tokenLimit = configuredTokens ?? _learntTokenLimit;
            var requestLimit = configuredRequests ?? _learntRequestLimit;
            if (requestLimit is { } rl && _requests + 1 > (long)Math.Floor(rl * share))
            {
                return null;
            }

            if (tokenLimit is { } tl)
            {
                var allowed = (long)Math.Floor(tl * share);
                tokens = Math.Min(tokens, allowed);
                if (_tokens + tokens > allowed)
                {
                    return null;
                }
            }

            _requests++;
            _tokens += tokens;
            _unsharedRequests++;
            _unsharedTokens += tokens;
            return tokens;
        }
    }

    /// <summary>Counts a request the gateway sends whatever the room (High traffic, or one sent elsewhere than admitted).</summary>
    public void Take(long minute, long tokens)
    {
        lock (_gate)
        {
            Turn(minute);
            _requests++;
            _tokens += tokens;
            _unsharedRequests++;
            _unsharedTokens += tokens;
        }
    }

    /// <summary>
    /// Gives back a request taken in <paramref name="takenIn"/> that no backend served: its <paramref name="tokens"/>
    /// and, with <paramref name="request"/>, the request itself. Nothing is given back into a later window, which
    /// started from zero without it.
    /// </summary>
    public void GiveBack(long takenIn, long tokens, bool request)
    {
        lock (_gate)
        {
            if (_minute != takenIn)
            {
                return;
            }

            _tokens = Math.Max(0, _tokens - tokens);
            _unsharedTokens -= tokens;
            if (request)
            {
                _requests = Math.Max(0, _requests - 1);
                _unsharedRequests--;
            }
        }
    }

    /// <summary>
    /// Takes the backend's word for what is left. Its figures win over the gateway's own count in both directions:
    /// other clients of the deployment use it too, and the gateway's estimates are conservative.
    /// </summary>
    public void Observe(long minute, int? configuredTokens, int? configuredRequests, long? tokensLeft, long? requestsLeft, long? tokenLimit, long? requestLimit)
    {
        lock (_gate)
        {
            Turn(minute);
            if (tokenLimit is > 0 and < int.MaxValue)
            {
                _learntTokenLimit = tokenLimit;
                Volatile.Write(ref _knowsTokenLimit, true);
            }

            if (requestLimit is > 0 and < int.MaxValue)
            {
                _learntRequestLimit = requestLimit;
            }

            if (tokensLeft is { } tokens and >= 0 and < int.MaxValue)
            {
                var limit = configuredTokens ?? _learntTokenLimit ?? (_learntTokenLimit = _tokens + tokens);
                Volatile.Write(ref _knowsTokenLimit, true);
                _tokens = Math.Max(0, limit.Value - tokens);
            }

            if (requestsLeft is { } requests and >= 0 and < int.MaxValue)
            {
                var limit = configuredRequests ?? _learntRequestLimit ?? (_learntRequestLimit = _requests + requests);
                _requests = Math.Max(0, limit.Value - requests);
            }
        }
    }

    /// <summary>
    /// Hands over what this replica took (less what it gave back) in <paramref name="minute"/> since the last call,
    /// for the shared count in Redis; zero once the minute has passed.
    /// </summary>
    public (long Requests, long Tokens) TakeUnshared(long minute)
    {
        lock (_gate)
        {
            Turn(minute);
            var taken = (_unsharedRequests, _unsharedTokens);
            (_unsharedRequests, _unsharedTokens) = (0, 0);
            return taken;
        }
    }

    /// <summary>Puts back what <see cref="TakeUnshared"/> handed over when it could not be shared, to try again.</summary>
    public void ReturnUnshared(long minute, long requests, long tokens)
    {
        lock (_gate)
        {
            if (_minute == minute)
            {
                _unsharedRequests += requests;
                _unsharedTokens += tokens;
            }
        }
    }

    /// <summary>
    /// Takes the whole cluster's count of <paramref name="minute"/> (every replica's shared takes) into this replica's
    /// view, never below what this replica already counts: a backend's word or a take not yet shared may know more.
    /// </summary>
    /// <returns>Whether the view changed.</returns>
    public bool ApplyShared(long minute, long requests, long tokens)
    {
        lock (_gate)
        {
            if (_minute != minute)
            {
                return false;
            }

            var newRequests = Math.Max(_requests, requests + _unsharedRequests);
            var newTokens = Math.Max(_tokens, tokens + _unsharedTokens);
            var changed = newRequests != _requests || newTokens != _tokens;
            (_requests, _tokens) = (newRequests, newTokens);
            return changed;
        }
    }

    private void Turn(long minute)
    {
        if (minute > _minute)
        {
            _minute = minute;
            _tokens = 0;
            _requests = 0;
            _unsharedRequests = 0;
            _unsharedTokens = 0;
        }
    }
}
