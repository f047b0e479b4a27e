namespace AiGateway.Shared.Services.Teams;

/// <summary>A team's new description; empty clears it.</summary>
public sealed record TeamDescriptionInput
{
    public string? Description { get; init; }
}
