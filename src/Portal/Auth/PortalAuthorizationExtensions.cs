using Microsoft.AspNetCore.Authorization;

namespace AiGateway.Portal.Auth;

public static class PortalAuthorizationExtensions
{
    /// <summary>The team rules (<see cref="TeamOperations"/>) as authorisation handlers, for the pages, downloads and API alike.</summary>
    public static IHostApplicationBuilder AddPortalAuthorization(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTeamAuthorization();
        return builder;
    }

    public static IServiceCollection AddTeamAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<TeamRoleReader>();
        services.AddSingleton<IAuthorizationHandler, TeamAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, ApiKeyAuthorizationHandler>();
        return services;
    }
}
