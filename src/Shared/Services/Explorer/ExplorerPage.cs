namespace AiGateway.Shared.Services.Explorer;

/// <summary>
/// One page of an explorer's results, newest first, for the period [<see cref="From"/>, <see cref="To"/>). Pass
/// <see cref="To"/> back with the next skip so later pages do not shift as new records arrive.
/// </summary>
public sealed record ExplorerPage<T>(IReadOnlyList<T> Items, bool HasMore, DateTimeOffset From, DateTimeOffset To);
