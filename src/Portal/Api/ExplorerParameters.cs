using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Explorer;

namespace AiGateway.Portal.Api;

/// <summary>
/// The query-string values every explorer endpoint takes, bound as text so that a bad one gets a validation problem
/// naming it (through <see cref="AdminQuery"/>) rather than a generic binding error.
/// </summary>
internal sealed class ExplorerParameters
{
    public string? TeamId { get; init; }
    public string? Key { get; init; }
    public string? Alias { get; init; }
    public string? Hours { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Skip { get; init; }
    public string? Take { get; init; }

    /// <summary>The explorer's own <paramref name="query"/> with these filters, period and page on it; what is wrong goes to <paramref name="errors"/>.</summary>
    public T ApplyTo<T>(T query, ValidationErrors errors)
        where T : ExplorerQuery
    {
        ExplorerQuery common = query;
        return (T)(common with
        {
            TeamId = AdminQuery.Id("teamId", TeamId, errors),
            Key = Key,
            Alias = Alias,
            Hours = AdminQuery.Int("hours", Hours, errors),
            From = AdminQuery.Instant("from", From, errors),
            To = AdminQuery.Instant("to", To, errors),
            Skip = AdminQuery.Int("skip", Skip, errors) ?? 0,
            Take = AdminQuery.Int("take", Take, errors) ?? ExplorerPaging.DefaultTake,
        });
    }
}
