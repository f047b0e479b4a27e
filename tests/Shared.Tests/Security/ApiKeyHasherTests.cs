using System.Security.Cryptography;
using System.Text;
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

    [Fact]
    public void Hash_IsHmacSha256OfTheKey_EveryTime_EvenWhenHashersWithOtherSecretsTakeTurns()
    {
        var otherSecret = Convert.ToBase64String(Enumerable.Range(2, 32).Select(i => (byte)i).ToArray());
        var hasher = Hasher(Secret);
        var other = Hasher(otherSecret);
        var keys = Enumerable.Range(0, 4).Select(_ => ApiKeyFormat.Generate()).ToArray();

        foreach (var key in keys.Concat(keys))
        {
            // Alternating hashers on one thread: each must hash with its own secret, never the other's.
            Assert.Equal(Reference(Secret, key), hasher.Hash(key));
            Assert.Equal(Reference(otherSecret, key), other.Hash(key));
            Assert.Equal(Reference(Secret, key), hasher.Hash(key));
        }
    }

    [Fact]
    public async Task Hash_FromManyThreadsAtOnce_GivesEachKeyItsOwnHash()
    {
        var hasher = Hasher(Secret);
        var keys = Enumerable.Range(0, 64).Select(_ => ApiKeyFormat.Generate()).ToArray();

        var hashes = await Task.WhenAll(keys.Select(key => Task.Run(() => Enumerable.Range(0, 50).Select(_ => hasher.Hash(key)).ToArray(), TestContext.Current.CancellationToken)));

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.All(hashes[i], hash => Assert.Equal(Reference(Secret, keys[i]), hash));
        }
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

    private static byte[] Reference(string secret, string key) =>
        HMACSHA256.HashData(Convert.FromBase64String(secret), Encoding.UTF8.GetBytes(key));
}
