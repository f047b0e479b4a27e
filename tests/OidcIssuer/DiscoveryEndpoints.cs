namespace AiGateway.OidcIssuer;

/// <summary>The discovery document and the key set, which a relying party reads before anything else.</summary>
public static class DiscoveryEndpoints
{
    public static WebApplication MapDiscovery(this WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            var issuer = Issuer.Of(context);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = $"{issuer}/authorize",
                ["token_endpoint"] = $"{issuer}/token",
                ["jwks_uri"] = $"{issuer}/jwks",
                ["end_session_endpoint"] = $"{issuer}/logout",
                ["response_types_supported"] = new[] { "code" },
                ["response_modes_supported"] = new[] { "query" },
                ["grant_types_supported"] = new[] { "authorization_code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["code_challenge_methods_supported"] = new[] { "S256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
                ["scopes_supported"] = new[] { "openid", "profile", "email" },
            });
        });
        app.MapGet("/jwks", (SigningKey key) => Results.Json(key.KeySet()));
        return app;
    }
}
