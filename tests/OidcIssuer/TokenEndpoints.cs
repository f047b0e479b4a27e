using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AiGateway.OidcIssuer;

/// <summary>
/// The token endpoint: redeems a code once, for the client it was issued to, at the redirect URI it was sent to, with
/// the PKCE verifier whose S256 hash is the challenge, and answers with an RS256 id token.
/// </summary>
public static class TokenEndpoints
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    public static WebApplication MapToken(this WebApplication app)
    {
        app.MapPost("/token", async (HttpContext context, IssuerConfiguration configuration, AuthorizationCodes codes, SigningKey key, TimeProvider time) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var form = await context.Request.ReadFormAsync();
            var (clientId, clientSecret) = ClientCredentials(context.Request, form);
            if (clientId != configuration.ClientId || !SecretMatches(clientSecret, configuration.ClientSecret))
            {
                return Error("invalid_client", StatusCodes.Status401Unauthorized);
            }

            if (form["grant_type"] != "authorization_code")
            {
                return Error("unsupported_grant_type");
            }

            var now = time.GetUtcNow();
            if (!codes.TryRedeem(form["code"].ToString(), out var issued)
                || issued.ExpiresAt <= now
                || issued.ClientId != clientId
                || issued.RedirectUri != form["redirect_uri"]
                || !VerifierMatches(form["code_verifier"].ToString(), issued.CodeChallenge))
            {
                return Error("invalid_grant");
            }

            var claims = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (type, value) in issued.User.Claims ?? new Dictionary<string, JsonElement>())
            {
                claims[type] = value.ValueKind == JsonValueKind.Array
                    ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
                    : value.GetString()!;
            }

            claims["sub"] = issued.User.Subject;
            claims["auth_time"] = issued.AuthenticatedAt.ToUnixTimeSeconds();
            if (issued.Nonce is not null)
            {
                claims["nonce"] = issued.Nonce;
            }

            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer.Of(context),
                Audience = clientId,
                IssuedAt = now.UtcDateTime,
                NotBefore = now.UtcDateTime,
                Expires = (now + TokenLifetime).UtcDateTime,
                Claims = claims,
                SigningCredentials = key.Credentials,
            });
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
                ["token_type"] = "Bearer",
                ["expires_in"] = (int)TokenLifetime.TotalSeconds,
                ["id_token"] = idToken,
                ["scope"] = issued.Scope ?? "openid",
            });
        });
        return app;
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            // client_secret_basic: both parts are form-encoded before being joined (RFC 6749, section 2.3.1).
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var separator = decoded.IndexOf(':', StringComparison.Ordinal);
            return separator < 0
                ? (null, null)
                : (Uri.UnescapeDataString(decoded[..separator].Replace('+', ' ')), Uri.UnescapeDataString(decoded[(separator + 1)..].Replace('+', ' ')));
        }

        return (form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
    }

    private static bool SecretMatches(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static bool VerifierMatches(string verifier, string challenge) =>
        verifier.Length is >= 43 and <= 128
        && Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) == challenge;

    private static IResult Error(string error, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new { error }, statusCode: status);
}
