using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using AiGateway.Shared.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Auth;

/// <summary>Accepts <c>Authorization: Bearer &lt;Admin:BootstrapToken&gt;</c> as an admin, comparing in constant time.</summary>
public sealed class BootstrapTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AdminOptions> adminOptions,
    FailedCredentialLog failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "BootstrapToken";
    public const string ActorName = "bootstrap-token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var configured = adminOptions.CurrentValue.BootstrapToken;
        if (string.IsNullOrEmpty(configured) || !TryReadBearer(Request.Headers.Authorization.ToString(), out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Hashing both sides first makes the comparison constant-time even when the lengths differ.
        var matches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
        if (!matches)
        {
            // Counted per minute rather than failed here: a failed result makes the base handler write an Information
            // line for every attempt. The caller gets the same 401 either way.
            failures.Record(FailedCredentialLog.BootstrapToken);
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, ActorName), new Claim(ClaimTypes.Role, PortalRoles.Admin)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    internal static bool TryReadBearer(string header, out string token)
    {
        const string prefix = "Bearer ";
        token = "";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header[prefix.Length..].Trim();
        return token.Length > 0;
    }
}
