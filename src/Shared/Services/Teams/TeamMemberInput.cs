using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Teams;

public sealed record TeamMemberInput
{
    /// <summary>The person's sign-in subject: their e-mail / UPN or Entra object id.</summary>
    public string? UserId { get; init; }
    public string? DisplayName { get; init; }
    public TeamRole Role { get; init; } = TeamRole.Member;
}
