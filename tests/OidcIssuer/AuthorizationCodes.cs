using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace AiGateway.OidcIssuer;

/// <summary>Outstanding authorization codes. A code is removed as it is redeemed, so a replay finds nothing.</summary>
public sealed class AuthorizationCodes
{
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);

    public string Issue(IssuedCode issued)
    {
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = issued;
        return code;
    }

    /// <summary>Takes the code out in one step: two concurrent redemptions cannot both succeed.</summary>
    public bool TryRedeem(string code, out IssuedCode issued) => _codes.TryRemove(code, out issued!);
}
