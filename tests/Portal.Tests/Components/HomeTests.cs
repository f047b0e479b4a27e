using System.Reflection;
using AiGateway.Portal.Components.Pages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace AiGateway.Portal.Tests.Components;

/// <summary>The dashboard's place in the app; what it shows is specified in <c>Dashboard/DashboardTests</c>.</summary>
public sealed class HomeTests
{
    [Fact]
    public void Home_IsTheSignedInDashboardAtTheRoot()
    {
        Assert.Equal("/", typeof(Home).GetCustomAttribute<RouteAttribute>()?.Template);
        Assert.NotNull(typeof(Home).GetCustomAttribute<AuthorizeAttribute>());
    }
}
