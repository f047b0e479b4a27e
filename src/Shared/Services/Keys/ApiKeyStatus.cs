namespace AiGateway.Shared.Services.Keys;

public enum ApiKeyStatus
{
    Active = 0,
    Expired = 1,
    Revoked = 2,
}
