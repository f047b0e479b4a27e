using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// Resolves the <c>{self}</c> prefix of a backend URL (the demo's in-process simulator) to an address this process
/// listens on, once the server has started and its addresses are known.
/// </summary>
public sealed class SelfAddress(IServer server)
{
    public const string Token = "{self}";
    private string? _resolved;

    public string Resolve(string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.StartsWith(Token, StringComparison.Ordinal))
        {
            return baseUrl;
        }

        return string.Concat(_resolved ??= FindListeningAddress(), baseUrl.AsSpan(Token.Length));
    }

    private string FindListeningAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server exposes no listening addresses to resolve {self}.");
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server is not listening yet; {self} cannot be resolved.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }
}
