namespace AiGateway.Shared.Services.TeamTokens;

public enum TeamTokenStatus
{
    Active,
    Expired,
    Revoked,
}
