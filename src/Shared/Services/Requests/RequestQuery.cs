using AiGateway.Shared.Services.Explorer;

namespace AiGateway.Shared.Services.Requests;

/// <summary>
/// Filters for the request explorer. <see cref="Key"/> is a key's id, public prefix or name; <see cref="Status"/> a
/// status code (<c>429</c>) or class (<c>5xx</c>). The period is [<see cref="From"/>, <see cref="To"/>), or the last
/// <see cref="Hours"/> (default 1, at most a week).
/// </summary>
public sealed record RequestQuery
{
    public string? RequestId { get; init; }
    public Guid? TeamId { get; init; }
    public string? Key { get; init; }
    public string? Alias { get; init; }
    public string? Status { get; init; }
    public int? Hours { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = ExplorerPaging.DefaultTake;
}
