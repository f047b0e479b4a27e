namespace AiGateway.Portal.Hosting;

public static class HostRolesExtensions
{
    /// <summary>
    /// Reads <c>Host:Roles</c> before anything else is registered (the roles decide what is), and makes them a
    /// service. A value that names no valid role stops the start with a message naming the setting, as a bad option
    /// does (<c>ValidateOnStart</c>); serving both roles by mistake would hide the error until the bill came.
    /// </summary>
    public static HostRoles AddHostRoles(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!HostRoles.TryParse(builder.Configuration[HostRoles.SettingName], out var roles, out var problem))
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.AddSingleton(roles);
        return roles;
    }
}
