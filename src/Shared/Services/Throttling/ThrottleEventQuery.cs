using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Explorer;

namespace AiGateway.Shared.Services.Throttling;

/// <summary>Filters for the throttling explorer: the explorers' own, and the kind of event.</summary>
public sealed record ThrottleEventQuery : ExplorerQuery
{
    public ThrottleEventKind? Kind { get; init; }
}
