namespace AiGateway.OidcIssuer;

/// <summary>The parameters of an authorization request, carried from the request to the sign-in page's form and back.</summary>
public sealed record AuthorizationRequest(
    string? ClientId,
    string? RedirectUri,
    string? ResponseType,
    string? ResponseMode,
    string? Scope,
    string? State,
    string? Nonce,
    string? CodeChallenge,
    string? CodeChallengeMethod)
{
    public static readonly string[] ParameterNames =
        ["client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method"];

    public static AuthorizationRequest From(Func<string, string?> read) => new(
        read("client_id"), read("redirect_uri"), read("response_type"), read("response_mode"), read("scope"),
        read("state"), read("nonce"), read("code_challenge"), read("code_challenge_method"));

    public IEnumerable<KeyValuePair<string, string?>> Parameters() =>
        ParameterNames.Zip([ClientId, RedirectUri, ResponseType, ResponseMode, Scope, State, Nonce, CodeChallenge, CodeChallengeMethod],
            (name, value) => new KeyValuePair<string, string?>(name, value));

    /// <summary>
    /// Why the request cannot be answered at all (an unknown client or redirect URI: the error must not be sent there),
    /// or null.
    /// </summary>
    public string? UntrustedTargetError(IssuerConfiguration configuration) =>
        ClientId != configuration.ClientId ? "unknown client_id"
        : !RedirectUris.IsAllowed(RedirectUri) ? "redirect_uri is not a loopback http(s) address"
        : null;

    /// <summary>The OAuth error code to send back to the client, or null when the request is acceptable.</summary>
    public string? ProtocolError() =>
        ResponseType != "code" ? "unsupported_response_type"
        : ResponseMode is not (null or "query") ? "invalid_request"
        : Scope is null || !Scope.Split(' ').Contains("openid") ? "invalid_scope"
        // PKCE is required, and only its S256 form: a plain challenge would give an intercepted code away.
        : string.IsNullOrEmpty(CodeChallenge) || CodeChallengeMethod != "S256" ? "invalid_request"
        : null;
}
