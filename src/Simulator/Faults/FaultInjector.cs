using AiGateway.Simulator.State;

namespace AiGateway.Simulator.Faults;

/// <summary>
/// Draws the random faults of one deployment. Each deployment has its own seeded <see cref="Random"/>,
/// advanced under a lock, so with a seed the n-th request to a deployment always meets the same fate,
/// whatever traffic other deployments get.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly string _deployment;
    private Random _faults;
    private Random _jitter;

    public FaultInjector(string deployment, int? seed)
    {
        _deployment = deployment;
        (_faults, _jitter) = Create(seed);
    }

    /// <summary>Starts the sequence again (same seed, same outcomes from here on).</summary>
    public void Reseed(int? seed)
    {
        lock (_gate)
        {
            (_faults, _jitter) = Create(seed);
        }
    }

    /// <summary>
    /// One draw per request, split into bands: [0, hang) hangs, then errors, then content filter.
    /// A single draw keeps the sequence stable when one rate is changed.
    /// </summary>
    public FaultOutcome Next(FaultSettings faults)
    {
        if (!faults.HasRandomFaults)
        {
            return FaultOutcome.None;
        }

        double draw;
        lock (_gate)
        {
            draw = _faults.NextDouble();
        }

        if (draw < faults.HangRate)
        {
            return FaultOutcome.Hang;
        }

        if (draw < faults.HangRate + faults.ErrorRate)
        {
            return FaultOutcome.ServerError;
        }

        return draw < faults.HangRate + faults.ErrorRate + faults.ContentFilterRate
            ? FaultOutcome.ContentFilter
            : FaultOutcome.None;
    }

    /// <summary>A jitter between 0 and <paramref name="maxMs"/>, from its own sequence so it never shifts fault outcomes.</summary>
    public TimeSpan Jitter(int maxMs)
    {
        if (maxMs <= 0)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            return TimeSpan.FromMilliseconds(_jitter.Next(0, maxMs + 1));
        }
    }

    private (Random Faults, Random Jitter) Create(int? seed)
    {
        if (seed is null)
        {
            return (new Random(), new Random());
        }

        var mixed = (int)(StableHash.Of(_deployment.ToUpperInvariant()) ^ (uint)seed.Value);
        return (new Random(mixed), new Random(mixed ^ 0x5bd1e995));
    }
}
