using System.Reflection;
using System.Text.RegularExpressions;
using AiGateway.Portal.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace AiGateway.Browser.Tests.Infrastructure;

/// <summary>
/// Every page of the portal, read from the <c>@page</c> routes compiled into its assembly, so a page added later is
/// visited without anyone remembering to list it.
/// </summary>
public static partial class PortalRoutes
{
    public static IReadOnlyList<PortalRoute> All() =>
    [
        .. typeof(App).Assembly.GetTypes()
            .SelectMany(type => type.GetCustomAttributes<RouteAttribute>().Select(route => new PortalRoute(
                route.Template,
                type,
                Interactive: type.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>() is null)))
            .OrderBy(route => route.Template, StringComparer.Ordinal),
    ];

    /// <summary>The route with its parameters filled; a parameter the caller has no value for fails the test by name.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Parameter().Replace(template, match => values.TryGetValue(match.Groups["name"].Value, out var value)
            ? Uri.EscapeDataString(value)
            : throw new InvalidOperationException($"No seeded value for the route parameter '{match.Groups["name"].Value}' of '{template}': seed one."));

    [GeneratedRegex(@"\{\*?(?<name>\w+)(:[^}]*)?\??\}")]
    private static partial Regex Parameter();
}
