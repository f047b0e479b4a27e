using AiGateway.Portal.Auth;

namespace AiGateway.Portal.Api;

/// <summary>
/// The management API under <c>/api/admin</c>: the portal's operations, for automation. Admins do everything; a team's
/// owners, members and API tokens do what the team rules (<see cref="TeamOperations"/>) allow on their own team.
/// </summary>
public static class AdminApi
{
    /// <summary>Management requests are small; anything larger is a mistake or an attack.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Every endpoint needs a signed-in caller; which one may call it is decided per endpoint: admin-only operations
        // require the Admin policy on their group, team operations check the team rules against the team or key named.
        var api = endpoints.MapGroup("/api/admin")
            .RequireAuthorization()
            .WithMetadata(new RequestSizeLimitMetadata(MaxRequestBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapTeamsApi();
        api.MapKeysApi();
        api.MapTeamTokensApi();
        api.MapChargebackApi();
        api.MapTeamSpendApi();
        api.MapUsageApi();
        api.MapTeamAlertsApi();

        var admin = api.MapGroup("").RequireAuthorization(PortalPolicies.Admin);
        admin.MapBackendsApi();
        admin.MapDeploymentsApi();
        admin.MapAliasesApi();
        admin.MapRolloutsApi();
        admin.MapQuotaPoliciesApi();
        admin.MapAuditApi();
        admin.MapChargebackPeriodsApi();
        admin.MapRequestsApi();
        admin.MapThrottleEventsApi();
        admin.MapTrafficApi();
        admin.MapCapacityApi();
        admin.MapConfigurationApi();
        admin.MapGlobalAlertsApi();
        return endpoints;
    }

    internal sealed class RequestSizeLimitMetadata(long maxBytes) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = maxBytes;
    }
}
