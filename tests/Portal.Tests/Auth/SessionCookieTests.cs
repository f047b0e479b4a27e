using System.Security.Claims;
using AiGateway.Portal.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Portal.Tests.Auth;

/// <summary>
/// The session cookie's lifetimes, in the real cookie handler with a clock the test moves: use keeps a session alive
/// past the idle timeout, but never past the absolute lifetime; a session left alone ends after the idle timeout.
/// </summary>
public sealed class SessionCookieTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private string _cookie = "";

    public SessionCookieTests()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(_clock);
        var settings = new PortalAuthOptions { IdleTimeout = TimeSpan.FromHours(1), AbsoluteLifetime = TimeSpan.FromHours(3) };
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o => SessionCookie.Configure(o, builder.Environment, settings));
        _app = builder.Build();
        _app.UseAuthentication();
        _app.MapGet("/signin", (HttpContext context) => context.SignInAsync(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "mo")], CookieAuthenticationDefaults.AuthenticationScheme))));
        _app.MapGet("/me", (HttpContext context) => context.User.Identity?.IsAuthenticated == true ? "signed in" : "anonymous");
        _app.StartAsync().GetAwaiter().GetResult();
        _client = _app.GetTestClient();
    }

    [Fact]
    public async Task Session_LeftAloneLongerThanTheIdleTimeout_Ends()
    {
        await RequestAsync("/signin");

        _clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal("anonymous", await RequestAsync("/me"));
    }

    [Fact]
    public async Task Session_InUse_OutlivesTheIdleTimeout_ButNotTheAbsoluteLifetime()
    {
        await RequestAsync("/signin");
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(2.5); elapsed += TimeSpan.FromMinutes(40))
        {
            _clock.Advance(TimeSpan.FromMinutes(40));
            Assert.Equal("signed in", await RequestAsync("/me"));
        }

        _clock.Advance(TimeSpan.FromMinutes(40));

        Assert.Equal("anonymous", await RequestAsync("/me"));
    }

    [Fact]
    public async Task Cookie_OutsideDevelopment_IsHostOnlySecureHttpOnlyAndLax()
    {
        using var response = await _client.GetAsync("/signin");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{SessionCookie.ProductionName}=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>One request with the session cookie as a browser holds it, keeping any renewal the answer brings.</summary>
    private async Task<string> RequestAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (_cookie.Length > 0)
        {
            request.Headers.Add("Cookie", _cookie);
        }

        using var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            var session = cookies.Single().Split(';')[0];
            _cookie = session.EndsWith('=') ? "" : session;
        }

        return await response.Content.ReadAsStringAsync();
    }
}
