using System.ComponentModel;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Teams;

public sealed record TeamView(
    Guid Id,
    string Name,
    string? Description,
    [property: Description(PriorityClassDocs.Summary)] PriorityClass Priority,
    IReadOnlyList<string> AllowedRegions,
    IReadOnlyList<string> AllowedAliases,
    IReadOnlyList<string> EntraAppIds,
    int? MaxKeys,
    int? MaxKeyLifetimeDays,
    int? MaxRequestsInFlight,
    bool Enabled,
    DateTimeOffset CreatedAt)
{
    public static TeamView From(Team t) =>
        new(t.Id, t.Name, t.Description, t.Priority, t.AllowedRegions, t.AllowedAliases, t.EntraAppIds, t.MaxKeys, t.MaxKeyLifetimeDays, t.MaxRequestsInFlight, t.Enabled, t.CreatedAt);
}
