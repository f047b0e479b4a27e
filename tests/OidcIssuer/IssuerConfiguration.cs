namespace AiGateway.OidcIssuer;

/// <summary>The one client the issuer serves and the people who may sign in, read from the test's JSON file.</summary>
public sealed record IssuerConfiguration(string ClientId, string ClientSecret, IReadOnlyList<TestUser> Users);
