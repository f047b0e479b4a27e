using System.Globalization;
using AiGateway.Gateway.Context;

namespace AiGateway.Gateway.Tests.Context;

public sealed class RequestIdTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 13, 45, 12, 345, TimeSpan.Zero);

    [Fact]
    public void New_IsAVersion7GuidCarryingTheTimeInMilliseconds()
    {
        var id = RequestId.New(Now);

        Assert.Matches("^[0-9a-f]{32}$", id);
        var guid = Guid.ParseExact(id, "N");
        Assert.Equal(7, guid.Version);
        Assert.Equal(0b10, guid.Variant >> 2);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), long.Parse(id[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void New_SameMillisecond_GivesDistinctIds_LaterMillisecond_SortsAfter()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => RequestId.New(Now)).ToArray();
        var later = RequestId.New(Now.AddMilliseconds(1));

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(string.CompareOrdinal(id, later) < 0));
    }
}
