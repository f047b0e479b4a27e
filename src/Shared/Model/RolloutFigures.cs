namespace AiGateway.Shared.Model;

/// <summary>
/// What one replica saw of one side (blue or green) of a rollout during one phase (a step, or the part of it since the last resume): running totals that the replica
/// overwrites as they grow, so the replica driving the rollout can add up every replica's figures for the phase.
/// </summary>
public sealed class RolloutFigures
{
    public long Id { get; set; }
    public Guid RolloutId { get; set; }

    /// <summary>The rollout's <see cref="Rollout.Revision"/> when the phase began: a new step or a resume starts afresh.</summary>
    public int Phase { get; set; }

    public required string Replica { get; set; }
    public RolloutSide Side { get; set; }
    public long Requests { get; set; }
    public long Errors { get; set; }
    public long Throttled { get; set; }
    public long ContentFiltered { get; set; }

    /// <summary>Counts per latency bucket, comma-separated, in the live counters' bucket bounds.</summary>
    public string LatencyHistogram { get; set; } = "";

    /// <summary>Counts per time-to-first-token bucket (streams only), in the same bounds.</summary>
    public string FirstTokenHistogram { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
