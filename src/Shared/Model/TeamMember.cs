namespace AiGateway.Shared.Model;

/// <summary>A person who may act for a team in the portal, identified by their sign-in subject (e.g. Entra object id or e-mail).</summary>
public sealed class TeamMember : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Team? Team { get; set; }
    public required string UserId { get; set; }
    public string? DisplayName { get; set; }
    public TeamRole Role { get; set; } = TeamRole.Member;
    public DateTimeOffset AddedAt { get; set; }
}
