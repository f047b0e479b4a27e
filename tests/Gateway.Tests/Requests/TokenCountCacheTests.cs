using System.Text;
using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.Tests.Requests;

public sealed class TokenCountCacheTests
{
    [Fact]
    public void TryGet_AfterAdd_ReturnsTheCount()
    {
        var cache = new TokenCountCache();
        var hash = cache.Hash("You are a support assistant for Contoso Retail."u8);

        Assert.False(cache.TryGet(hash, out _));
        cache.Add(hash, 11);

        Assert.True(cache.TryGet(hash, out var count));
        Assert.Equal(11, count);
    }

    [Fact]
    public void TryGet_OtherTextInTheSameSlot_Misses()
    {
        // One slot: every string lands in it, and only the one stored there may hit.
        var cache = new TokenCountCache(slots: 1);
        var first = cache.Hash("first system prompt"u8);
        var second = cache.Hash("second system prompt"u8);
        cache.Add(first, 3);

        Assert.False(cache.TryGet(second, out _));
        cache.Add(second, 4);
        Assert.False(cache.TryGet(first, out _));
        Assert.True(cache.TryGet(second, out var count));
        Assert.Equal(4, count);
    }

    [Fact]
    public void Add_CountTooLargeForASlot_IsNotStored()
    {
        var cache = new TokenCountCache();
        var hash = cache.Hash("huge"u8);

        cache.Add(hash, 1 << 24);

        Assert.False(cache.TryGet(hash, out _));
    }

    [Fact]
    public void Hash_IsSeededPerCache()
    {
        var text = "the same text"u8;

        Assert.NotEqual(new TokenCountCache().Hash(text), new TokenCountCache().Hash(text));
    }

    [Fact]
    public void CountPromptTokens_RepeatedConversation_CountsTheSameAsTheFirstTime()
    {
        var history = """{"role":"system","content":"You are a support assistant for Contoso Retail. Answer in the customer's language."},""";
        var first = Encoding.UTF8.GetBytes($$"""{"messages":[{{history}}{"role":"user","content":"Where is my parcel? It has been two weeks since I ordered it."}]}""");
        var next = Encoding.UTF8.GetBytes($$"""{"messages":[{{history}}{"role":"user","content":"And can I change the size of the running shoes from 42 to 43 before they leave the warehouse, and what is your return policy for shoes bought online?"}]}""");
        var uncachedFirst = TokenEstimator.CountPromptTokens(first);
        var uncachedNext = TokenEstimator.CountPromptTokens(next);

        Assert.Equal(uncachedFirst, TokenEstimator.CountPromptTokens(first));
        Assert.Equal(uncachedNext, TokenEstimator.CountPromptTokens(next));
        Assert.NotEqual(uncachedFirst, uncachedNext);
    }
}
