using AiGateway.Shared.Security;

namespace AiGateway.Shared.Tests.Security;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Generate_MakesWellFormedUniqueKeys_WithTheirPrefix()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ApiKeyFormat.Generate()).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, key =>
        {
            Assert.True(ApiKeyFormat.TryGetPrefix(key, out var prefix));
            Assert.Equal(key[..ApiKeyFormat.PrefixLength], prefix);
            Assert.StartsWith(ApiKeyFormat.Marker, prefix, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("sk-proj-abc")]
    [InlineData("agw_AAAAAAAAAAAA_short")]
    [InlineData("agw_AAAAAAAAAAAA-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")]
    [InlineData("agw_AAAAAA+AAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")]
    [InlineData("xyz_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")]
    public void TryGetPrefix_MalformedKey_IsFalse(string key)
    {
        Assert.False(ApiKeyFormat.TryGetPrefix(key, out _));
    }
}
