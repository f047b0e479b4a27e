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
        if (!HostRoles.TryParse(Read(builder.Configuration), out var roles, out var problem))
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.AddSingleton(roles);
        return roles;
    }

    /// <summary>
    /// The setting as one list, whether written as a string (<c>Gateway,Portal</c>) or as an array (JSON
    /// <c>["Gateway"]</c>, <c>Host__Roles__0=Gateway</c>), which configuration keeps as children: read as a string
    /// alone, an array would be empty and silently mean both roles.
    /// </summary>
    public static string? Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(HostRoles.SettingName);
        if (section.Value is { } value)
        {
            return value;
        }

        var items = section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        return items.Count == 0 ? null : string.Join(',', items);
    }
}
