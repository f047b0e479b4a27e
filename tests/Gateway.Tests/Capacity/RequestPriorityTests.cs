using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Primitives;

namespace AiGateway.Gateway.Tests.Capacity;

public sealed class RequestPriorityTests
{
    [Theory]
    [InlineData(PriorityClass.Normal, null, null, PriorityClass.Normal)]
    [InlineData(PriorityClass.Normal, PriorityClass.High, null, PriorityClass.High)]
    [InlineData(PriorityClass.High, PriorityClass.Low, null, PriorityClass.Low)]
    [InlineData(PriorityClass.High, null, "low", PriorityClass.Low)]
    [InlineData(PriorityClass.High, null, " Normal ", PriorityClass.Normal)]
    [InlineData(PriorityClass.Low, null, "high", PriorityClass.Low)]
    [InlineData(PriorityClass.Normal, PriorityClass.Low, "HIGH", PriorityClass.Low)]
    public void TryResolve_TeamThenKeyThenHeader_HeaderOnlyLowers(PriorityClass team, PriorityClass? key, string? header, PriorityClass expected)
    {
        var resolved = RequestPriority.TryResolve(Team(team), Key(key), header is null ? StringValues.Empty : new StringValues(header), out var priority);

        Assert.True(resolved);
        Assert.Equal(expected, priority);
    }

    [Theory]
    [InlineData("urgent")]
    [InlineData("1")]
    [InlineData(" ")]
    public void TryResolve_UnknownHeaderValue_IsRefused(string header)
    {
        Assert.False(RequestPriority.TryResolve(Team(PriorityClass.Normal), null, header, out _));
    }

    [Fact]
    public void TryResolve_HeaderSentTwice_IsRefused()
    {
        Assert.False(RequestPriority.TryResolve(Team(PriorityClass.Normal), null, new StringValues(["low", "normal"]), out _));
    }

    private static TeamEntry Team(PriorityClass priority) =>
        new(Guid.NewGuid(), "team", true, priority, null, AliasScope.Of([]), null);

    private static ClientKeyEntry? Key(PriorityClass? priority) =>
        new ClientKeyEntry(Guid.NewGuid(), Guid.NewGuid(), "key", "agw_x", new byte[32], AliasScope.Of([]), null, null) { Priority = priority };
}
