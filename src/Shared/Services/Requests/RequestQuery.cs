using AiGateway.Shared.Services.Explorer;

namespace AiGateway.Shared.Services.Requests;

/// <summary>
/// Filters for the request explorer: the explorers' own, a request id, and <see cref="Status"/>, a status code
/// (<c>429</c>) or class (<c>5xx</c>).
/// </summary>
public sealed record RequestQuery : ExplorerQuery
{
    public string? RequestId { get; init; }
    public string? Status { get; init; }
}
