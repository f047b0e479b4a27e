using System.Net;
using AiGateway.Portal.Tests.Infrastructure;

namespace AiGateway.Portal.Tests.Components.Dashboard;

/// <summary>The live pages prerendered by the real host: every service they need is registered there.</summary>
public sealed class LivePagesInHostTests : PortalTestBase
{
    [Theory]
    [InlineData("/", "data-testid=\"dashboard-updated\"")]
    [InlineData("/usage", "Usage and chargeback")]
    [InlineData("/throttling", "data-testid=\"throttle-empty\"")]
    [InlineData("/requests", "data-testid=\"requests-empty\"")]
    public async Task Page_SignedInMember_Renders(string path, string expected)
    {
        using var member = await Factory.CreateSignedInClientAsync("mia@contoso.com", "TeamMember");

        var response = await member.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
