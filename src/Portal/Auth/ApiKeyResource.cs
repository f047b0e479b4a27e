using AiGateway.Shared.Services.Keys;

namespace AiGateway.Portal.Auth;

/// <summary>A model key as the resource of a <see cref="TeamOperations.ManageOwnKey"/> check: its team and who issued it.</summary>
public sealed record ApiKeyResource(Guid TeamId, string? IssuedByUserId)
{
    public static ApiKeyResource Of(ApiKeyView key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.TeamId, key.IssuedByUserId);
    }
}
