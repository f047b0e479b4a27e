using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Telemetry;

/// <summary>
/// Guards the scrape endpoint with <c>Telemetry:Prometheus:ScrapeToken</c>, when one is set: the bearer token a
/// scrape presents is compared with it in constant time (both hashed first, so not even the length shows in the
/// timing). Without a token every scrape is let through.
/// </summary>
public sealed class ScrapeTokenCheck(IOptions<TelemetryOptions> options)
{
    private const string BearerPrefix = "Bearer ";

    private readonly byte[]? _expected = options.Value.Prometheus.ScrapeToken is { Length: > 0 } token
        ? SHA256.HashData(Encoding.UTF8.GetBytes(token))
        : null;

    public bool Allows(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_expected is null)
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }

    /// <summary>The branch middleware in front of the exporter: 401 with a bearer challenge for a scrape without the token.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Allows(context.Request))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
