namespace AiGateway.Shared.Model;

/// <summary>
/// One UTC day whose fixed costs have been allocated once and stored (<see cref="Lines"/>), so its bill no longer
/// changes as traffic continues. An admin may re-open it (<see cref="Reopened"/>, with a reason); it is then computed
/// on the fly again until it is closed anew, which recomputes and replaces its lines.
/// </summary>
public sealed class ClosedPeriod
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Midnight UTC at the start of the day; unique, so only one replica can close a day.</summary>
    public DateTimeOffset DayStart { get; set; }

    public DateTimeOffset ClosedAt { get; set; }

    /// <summary>Who closed it last: the background closer or the admin who closed it again.</summary>
    public required string ClosedBy { get; set; }

    public bool Reopened { get; set; }
    public DateTimeOffset? ReopenedAt { get; set; }
    public string? ReopenedBy { get; set; }
    public string? ReopenReason { get; set; }

    public List<FixedCostAllocationLine> Lines { get; set; } = [];
}
