using AiGateway.Simulator.Faults;
using AiGateway.Simulator.State;

namespace AiGateway.Simulator.Tests.Faults;

public sealed class FaultInjectorTests
{
    private static readonly FaultSettings Mixed = new(0.2, 500, null, 0, 0.1, 0, 0.1, 0);

    [Fact]
    public void Next_SameSeedAndDeployment_SameOutcomes()
    {
        var a = new FaultInjector("chat", 7);
        var b = new FaultInjector("CHAT", 7);

        Assert.Equal(Enumerable.Range(0, 200).Select(_ => a.Next(Mixed)), Enumerable.Range(0, 200).Select(_ => b.Next(Mixed)));
    }

    [Fact]
    public void Next_ManyDraws_SharesCloseToConfiguredRates()
    {
        var injector = new FaultInjector("chat", 1);

        var outcomes = Enumerable.Range(0, 10_000).Select(_ => injector.Next(Mixed)).ToList();

        Assert.InRange(outcomes.Count(o => o == FaultOutcome.ServerError), 1800, 2200);
        Assert.InRange(outcomes.Count(o => o == FaultOutcome.Hang), 850, 1150);
        Assert.InRange(outcomes.Count(o => o == FaultOutcome.ContentFilter), 850, 1150);
    }

    [Fact]
    public void Reseed_SameSeed_RestartsTheSequence()
    {
        var injector = new FaultInjector("chat", 3);
        var first = Enumerable.Range(0, 50).Select(_ => injector.Next(Mixed)).ToList();

        injector.Reseed(3);

        Assert.Equal(first, Enumerable.Range(0, 50).Select(_ => injector.Next(Mixed)));
    }

    [Fact]
    public void Next_NoRates_NeverFaults()
    {
        var injector = new FaultInjector("chat", null);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(FaultOutcome.None, injector.Next(Mixed with { ErrorRate = 0, HangRate = 0, ContentFilterRate = 0 })));
    }
}
