using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Explorer;

namespace AiGateway.Shared.Services.Throttling;

/// <summary>
/// Filters for the throttling explorer. <see cref="Key"/> is a key's id, public prefix or name. The period is
/// [<see cref="From"/>, <see cref="To"/>), or the last <see cref="Hours"/> (default 1, at most a week).
/// </summary>
public sealed record ThrottleEventQuery
{
    public Guid? TeamId { get; init; }
    public string? Key { get; init; }
    public string? Alias { get; init; }
    public ThrottleEventKind? Kind { get; init; }
    public int? Hours { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = ExplorerPaging.DefaultTake;
}
