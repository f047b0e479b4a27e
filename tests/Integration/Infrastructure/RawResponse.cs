using System.Globalization;
using System.Net;

namespace AiGateway.Integration.Infrastructure;

/// <summary>An HTTP/1.1 answer read off a socket to its close; the body as sent (chunk sizes included, when chunked).</summary>
public sealed class RawResponse
{
    private readonly Dictionary<string, string> _headers;

    private RawResponse(HttpStatusCode status, Dictionary<string, string> headers, string body)
    {
        Status = status;
        _headers = headers;
        Body = body;
    }

    public HttpStatusCode Status { get; }
    public string Body { get; }

    public string? MediaType => Header("Content-Type").Split(';')[0].Trim() is { Length: > 0 } type ? type : null;

    public string Header(string name) => _headers.TryGetValue(name, out var value) ? value : "";

    public static RawResponse Parse(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = (split < 0 ? text : text[..split]).Split("\r\n");
        var status = (HttpStatusCode)int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new RawResponse(status, headers, split < 0 ? "" : text[(split + 4)..]);
    }
}
