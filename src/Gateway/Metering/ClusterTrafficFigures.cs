namespace AiGateway.Gateway.Metering;

/// <summary>
/// The cluster's live figures as read from the database at <see cref="At"/>. <see cref="Traffic"/> answers snapshots
/// as of that moment; <see cref="Truncated"/> says the window held more than <see cref="ClusterTraffic.MaxRecords"/>
/// records and the oldest were left out.
/// </summary>
public sealed record ClusterTrafficFigures(DateTimeOffset At, LiveTraffic Traffic, bool Truncated);
