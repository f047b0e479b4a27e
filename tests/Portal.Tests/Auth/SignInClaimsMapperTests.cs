using System.Security.Claims;
using AiGateway.Portal.Auth;

namespace AiGateway.Portal.Tests.Auth;

/// <summary>What a person's provider token becomes in the portal: their ids, for team member lists, and one portal role.</summary>
public sealed class SignInClaimsMapperTests
{
    private static readonly PortalAuthOptions Defaults = new();

    [Fact]
    public void Map_EntraToken_NamesThePersonByObjectId_AndKnowsTheirUpnAndEmail()
    {
        var token = Token(("oid", "5f1c0a52-0000-4000-8000-000000000001"), ("upn", "mo@contoso.test"),
            ("preferred_username", "mo@contoso.test"), ("email", "mo.member@contoso.test"), ("name", "Mo Member"));

        var user = SignInClaimsMapper.Map(token, SignInClaimNames.EntraId, Defaults, SignInProvider.EntraScheme);

        Assert.Equal("5f1c0a52-0000-4000-8000-000000000001", user.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal(["5f1c0a52-0000-4000-8000-000000000001", "mo@contoso.test", "mo.member@contoso.test"], user.PortalUserIds());
        Assert.Equal("Mo Member", user.Identity!.Name);
        Assert.Equal("mo@contoso.test", user.ActorName());
        Assert.True(user.IsInRole(PortalRoles.TeamMember));
        Assert.False(user.IsInRole(PortalRoles.Admin));
    }

    [Fact]
    public void Map_EntraTokenWithMappedClaimNames_ReadsTheLongNamesToo()
    {
        var token = Token(("http://schemas.microsoft.com/identity/claims/objectidentifier", "oid-1"), (ClaimTypes.Upn, "ada@contoso.test"),
            (ClaimTypes.Role, "Admin"));

        var user = SignInClaimsMapper.Map(token, SignInClaimNames.EntraId, Defaults, SignInProvider.EntraScheme);

        Assert.Equal("oid-1", user.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Contains("ada@contoso.test", user.PortalUserIds());
        Assert.True(user.IsInRole(PortalRoles.Admin));
    }

    [Fact]
    public void Map_GenericToken_UsesSubAndTheConfiguredAdminRole()
    {
        var settings = new PortalAuthOptions { AdminRole = "portal-admin" };
        var names = SignInClaimNames.From(settings.Oidc);

        var admin = SignInClaimsMapper.Map(Token(("sub", "u1"), ("roles", "reader"), ("roles", "portal-admin")), names, settings, SignInProvider.OidcScheme);
        var notAdmin = SignInClaimsMapper.Map(Token(("sub", "u2"), ("roles", "Admin")), names, settings, SignInProvider.OidcScheme);

        Assert.Equal("u1", admin.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.True(admin.IsInRole(PortalRoles.Admin));
        Assert.True(notAdmin.IsInRole(PortalRoles.TeamMember));
        Assert.False(notAdmin.IsInRole(PortalRoles.Admin));
    }

    [Fact]
    public void Map_MemberOfTheAdminGroup_IsAdmin_AndARoleValueInTheWrongCaseIsNot()
    {
        var settings = new PortalAuthOptions { AdminGroupId = "A1B2C3D4-0000-4000-8000-000000000009" };
        var names = SignInClaimNames.From(settings.Oidc);

        var inGroup = SignInClaimsMapper.Map(Token(("sub", "u1"), ("groups", "other"), ("groups", "a1b2c3d4-0000-4000-8000-000000000009")), names, settings, SignInProvider.OidcScheme);
        var wrongCase = SignInClaimsMapper.Map(Token(("sub", "u2"), ("roles", "admin")), names, settings, SignInProvider.OidcScheme);

        Assert.True(inGroup.IsInRole(PortalRoles.Admin));
        Assert.False(wrongCase.IsInRole(PortalRoles.Admin));
    }

    [Fact]
    public void Map_RemembersTheProvider_SoSignOutCanEndTheSessionThere()
    {
        var user = SignInClaimsMapper.Map(Token(("sub", "u1")), SignInClaimNames.From(new OidcProviderOptions()), Defaults, SignInProvider.OidcScheme);

        Assert.Equal(SignInProvider.OidcScheme, user.FindFirstValue(PortalSignInClaimTypes.Provider));
        Assert.Equal("u1", user.Identity!.Name);
    }

    [Fact]
    public void Map_TokenWithoutTheIdClaim_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            SignInClaimsMapper.Map(Token(("email", "x@contoso.test")), SignInClaimNames.EntraId, Defaults, SignInProvider.EntraScheme));

        Assert.Contains("oid", error.Message, StringComparison.Ordinal);
    }

    private static ClaimsPrincipal Token(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "token"));
}
