using System.Security.Claims;
using System.Text.Encodings.Web;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services.TeamTokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Auth;

/// <summary>
/// Accepts <c>Authorization: Bearer agwt_...</c>, a team API token, as an identity that acts for its team only, with the
/// scopes it was issued with. Its name, <c>team-token:&lt;prefix&gt;</c>, is what the audit log records for every change it makes.
/// An unknown, expired or revoked token fails (401); the selector sends only tokens with the team-token marker here.
/// </summary>
public sealed partial class TeamTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TeamTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TeamToken";
    public const string ActorPrefix = "team-token:";

    /// <summary>Whether a request's bearer token is a team token, for the authentication selector.</summary>
    public static bool Claims(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return BootstrapTokenHandler.TryReadBearer(context.Request.Headers.Authorization.ToString(), out var token) && TeamTokenFormat.HasMarker(token);
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!BootstrapTokenHandler.TryReadBearer(Request.Headers.Authorization.ToString(), out var presented))
        {
            return AuthenticateResult.NoResult();
        }

        var token = await tokens.AuthenticateAsync(presented, Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("The team token is not valid, has expired or was revoked.");
        }

        var actor = ActorPrefix + token.Prefix;
        Log.TokenUsed(Logger, token.Prefix, token.TeamId, Request.Method, Request.Path);
        List<Claim> claims =
        [
            new(ClaimTypes.Name, actor),
            new(TeamTokenClaimTypes.TeamId, token.TeamId.ToString()),
        ];
        claims.AddRange(Enum.GetValues<TeamTokenScopes>()
            .Where(s => s != TeamTokenScopes.None && token.Scopes.HasFlag(s))
            .Select(s => new Claim(TeamTokenClaimTypes.Scope, s.ToString())));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Team token {Prefix} of team {TeamId} used for {Method} {Path}")]
        public static partial void TokenUsed(ILogger logger, string prefix, Guid teamId, string method, PathString path);
    }
}
