namespace AiGateway.Simulator.Endpoints;

/// <summary>Identifiers in the services' formats (<c>chatcmpl-</c> plus 29 letters and digits, and so on).</summary>
internal static class Ids
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(string prefix, int length = 29) => string.Create(prefix.Length + length, prefix, static (span, p) =>
    {
        p.AsSpan().CopyTo(span);
        for (var i = p.Length; i < span.Length; i++)
        {
            span[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }
    });

    public static string NewHex(string prefix, int length = 48) => string.Create(prefix.Length + length, prefix, static (span, p) =>
    {
        p.AsSpan().CopyTo(span);
        for (var i = p.Length; i < span.Length; i++)
        {
            span[i] = "0123456789abcdef"[Random.Shared.Next(16)];
        }
    });
}
