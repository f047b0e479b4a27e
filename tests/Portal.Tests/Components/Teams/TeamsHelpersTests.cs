using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services;

namespace AiGateway.Portal.Tests.Components.Teams;

public sealed class TeamsHelpersTests
{
    [Fact]
    public void TeamForm_ToInput_SplitsListsOnCommasAndLines()
    {
        var form = new TeamForm { Name = "payments", Owners = "ana@contoso.com,\n bo@contoso.com ;", AllowedRegions = " eastus2 ", AllowedAliases = ["gpt-4o"] };

        var input = form.ToInput();

        Assert.Equal(["ana@contoso.com", "bo@contoso.com"], input.Owners);
        Assert.Equal(["eastus2"], input.AllowedRegions);
        Assert.Equal(["gpt-4o"], input.AllowedAliases);
        Assert.Empty(input.EntraAppIds!);
        Assert.Null(input.Description);
    }

    [Fact]
    public void FormErrors_PutsFieldErrorsUnderTheirFields_AndTheRestInGeneral()
    {
        var errors = new FormErrors();
        var refusal = new RequestValidationException(new Dictionary<string, string[]>
        {
            ["name"] = ["'name' is required."],
            ["limits"] = ["Set at least one limit."],
        });

        Assert.True(errors.TryCapture(refusal, "name", "maxKeys"));

        Assert.Equal("'name' is required.", errors.For("Name"));
        Assert.False(errors.Has("maxKeys"));
        Assert.Equal("Set at least one limit.", errors.General);
        Assert.True(errors.TryCapture(new EntityConflictException("Taken."), "name"));
        Assert.Equal(("Taken.", false), (errors.General, errors.Has("name")));
        Assert.False(errors.TryCapture(new InvalidOperationException("bug")));
    }

    [Fact]
    public void ApiKeySnippets_CallThisGatewayWithTheKey()
    {
        const string secret = "agw_ABCDEFGHIJKL_0123456789";

        Assert.Contains("curl https://gw.example/v1/chat/completions", ApiKeySnippets.Curl("https://gw.example/", secret, "gpt-4o"), StringComparison.Ordinal);
        var dotnet = ApiKeySnippets.DotNet("https://gw.example/", secret, "gpt-4o");
        Assert.Contains("new Uri(\"https://gw.example/v1\")", dotnet, StringComparison.Ordinal);
        Assert.Contains($"new ApiKeyCredential(\"{secret}\")", dotnet, StringComparison.Ordinal);
        var python = ApiKeySnippets.Python("https://gw.example/", secret, "gpt-4o");
        Assert.Contains($"OpenAI(base_url=\"https://gw.example/v1\", api_key=\"{secret}\")", python, StringComparison.Ordinal);
        Assert.Contains("model=\"gpt-4o\"", python, StringComparison.Ordinal);
    }
}
