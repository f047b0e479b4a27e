namespace AiGateway.OidcIssuer;

public static class Issuer
{
    /// <summary>The issuer identifier: the address the issuer is reached at, without a trailing slash.</summary>
    public static string Of(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";
}
