namespace AiGateway.Browser.Tests.Infrastructure;

/// <summary>One <c>@page</c> route, the component it opens, and whether that page runs over the Blazor circuit.</summary>
public sealed record PortalRoute(string Template, Type Component, bool Interactive);
