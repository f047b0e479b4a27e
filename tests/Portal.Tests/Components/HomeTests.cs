using AiGateway.Portal.Components.Pages;
using Bunit;

namespace AiGateway.Portal.Tests.Components;

public sealed class HomeTests : PortalComponentTestBase
{
    [Fact]
    public void Home_SignedIn_GreetsTheUserByName()
    {
        SignInAsAdmin("ana@contoso.com");

        var page = Render<Home>();

        Assert.Contains("ana@contoso.com", page.Markup, StringComparison.Ordinal);
    }
}
