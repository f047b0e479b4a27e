using AiGateway.Portal.Auth;

namespace AiGateway.Portal.Api;

/// <summary>The management API under <c>/api/admin</c>: the portal's operations, for automation. Admins only.</summary>
public static class AdminApi
{
    /// <summary>Management requests are small; anything larger is a mistake or an attack.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var admin = endpoints.MapGroup("/api/admin")
            .RequireAuthorization(PortalPolicies.Admin)
            .WithMetadata(new RequestSizeLimitMetadata(MaxRequestBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapTeamsApi();
        admin.MapKeysApi();
        admin.MapBackendsApi();
        admin.MapDeploymentsApi();
        admin.MapAliasesApi();
        admin.MapRolloutsApi();
        admin.MapQuotaPoliciesApi();
        admin.MapAuditApi();
        admin.MapChargebackApi();
        admin.MapUsageApi();
        admin.MapRequestsApi();
        admin.MapThrottleEventsApi();
        admin.MapTrafficApi();
        admin.MapConfigurationApi();
        return endpoints;
    }

    internal sealed class RequestSizeLimitMetadata(long maxBytes) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = maxBytes;
    }
}
