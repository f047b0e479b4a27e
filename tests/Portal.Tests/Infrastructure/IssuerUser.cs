namespace AiGateway.Portal.Tests.Infrastructure;

/// <summary>A person on the test issuer's sign-in page: the subject and the claims of their id token (strings or string arrays).</summary>
public sealed record IssuerUser(string Subject, IReadOnlyDictionary<string, object> Claims)
{
    public string Name => Claims.TryGetValue("name", out var name) ? (string)name : Subject;
}
