using AiGateway.Portal.Auth;

namespace AiGateway.Portal.Tests.Auth;

public sealed class LocalReturnUrlTests
{
    [Theory]
    [InlineData("/teams?tab=keys", "/teams?tab=keys")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/teams\r\nLocation: https://evil.example", "/")]
    [InlineData(null, "/")]
    public void OrRoot_KeepsOnlyPathsOnThisSite(string? returnUrl, string expected) =>
        Assert.Equal(expected, LocalReturnUrl.OrRoot(returnUrl));
}
