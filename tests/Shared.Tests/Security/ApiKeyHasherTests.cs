using AiGateway.Shared.Security;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Tests.Security;

public sealed class ApiKeyHasherTests
{
    private static readonly string Secret = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static ApiKeyHasher Hasher(string secret) => new(Options.Create(new ApiKeyHashOptions { ApiKeyHashSecret = secret }));

    [Fact]
    public void Verify_SameKey_IsTrue_AnyOtherKey_IsFalse()
    {
        var hasher = Hasher(Secret);
        var key = ApiKeyFormat.Generate();
        var hash = hasher.Hash(key);

        Assert.True(hasher.Verify(key, hash));
        Assert.False(hasher.Verify(ApiKeyFormat.Generate(), hash));
        Assert.False(hasher.Verify(key[..^1] + (key[^1] == 'a' ? 'b' : 'a'), hash));
    }

    [Fact]
    public void Hash_DependsOnTheServerSecret()
    {
        var key = ApiKeyFormat.Generate();
        var otherSecret = Convert.ToBase64String(Enumerable.Range(2, 32).Select(i => (byte)i).ToArray());

        Assert.NotEqual(Hasher(Secret).Hash(key), Hasher(otherSecret).Hash(key));
        Assert.Equal(ApiKeyHasher.HashLength, Hasher(Secret).Hash(key).Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void Constructor_SecretMissingOrShorterThan32Bytes_Throws(string? secret)
    {
        Assert.Throws<InvalidOperationException>(() => Hasher(secret!));
    }
}
