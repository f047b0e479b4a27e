namespace AiGateway.OidcIssuer;

/// <summary>What an authorization code stands for, checked again when the client redeems it.</summary>
public sealed record IssuedCode(
    string ClientId,
    string RedirectUri,
    string CodeChallenge,
    string? Nonce,
    string? Scope,
    TestUser User,
    DateTimeOffset AuthenticatedAt,
    DateTimeOffset ExpiresAt);
