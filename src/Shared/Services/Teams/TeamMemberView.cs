using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Teams;

public sealed record TeamMemberView(Guid Id, Guid TeamId, string UserId, string? DisplayName, TeamRole Role, DateTimeOffset AddedAt)
{
    public static TeamMemberView From(TeamMember m) => new(m.Id, m.TeamId, m.UserId, m.DisplayName, m.Role, m.AddedAt);
}
