using System.Text.Json;

namespace AiGateway.OidcIssuer;

/// <summary>
/// A person on the issuer's sign-in page: a subject (<c>sub</c>) and the claims put in their id token, each a string or
/// an array of strings (<c>roles</c>, <c>groups</c>).
/// </summary>
public sealed record TestUser(string Subject, IReadOnlyDictionary<string, JsonElement>? Claims)
{
    public string DisplayName => Claims is not null && Claims.TryGetValue("name", out var name) && name.ValueKind == JsonValueKind.String
        ? name.GetString()!
        : Subject;
}
