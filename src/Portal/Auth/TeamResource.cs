namespace AiGateway.Portal.Auth;

/// <summary>A team as the resource of a <see cref="TeamOperations"/> check.</summary>
public sealed record TeamResource(Guid TeamId);
