namespace AiGateway.Portal.Auth;

public static class LocalReturnUrl
{
    /// <summary>
    /// The return URL if it is a path on this site, else "/": an open redirect would let another site use the sign-in
    /// as a bounce to anywhere.
    /// </summary>
    public static string OrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 }
        && returnUrl.StartsWith('/')
        && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
        && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";
}
