using System.Collections.Immutable;
using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Primitives;

namespace AiGateway.HotPath;

/// <summary>
/// What capacity sharing adds to a request that does not wait: its priority class, admission against an alias of two
/// deployments (with and without configured limits) and settling the charge, the backend's rate-limit headers taken
/// in, and the team's in-flight slot.
/// </summary>
[MemoryDiagnoser]
public class CapacityBenchmarks
{
    private static readonly BackendEntry Backend = new(
        Guid.NewGuid(), "bench", BackendKind.AzureOpenAI, "http://127.0.0.1:1/", "swedencentral", BackendTier.Standard,
        BackendCredentialKind.ApiKey, "key", null, "2024-10-21");

    private readonly CapacityTracker _tracker = new(TimeProvider.System);
    private readonly TeamRequestsInFlight _inFlight = new();
    private readonly TeamEntry _team = new(Guid.NewGuid(), "bench", true, PriorityClass.Normal, null, AliasScope.All, null, 64);
    private AliasEntry _limited = null!;
    private AliasEntry _unlimited = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Limits far above what a run can use, so every admission finds room, as on a request that does not wait.
        _limited = Alias(tokensPerMinute: int.MaxValue, requestsPerMinute: int.MaxValue);
        _unlimited = Alias(null, null);
    }

    [Benchmark]
    public bool ResolvePriority() => RequestPriority.TryResolve(_team, null, StringValues.Empty, out _);

    [Benchmark]
    public void AdmitAndSettleWithLimits()
    {
        var charge = _tracker.TryAdmit(_limited, PriorityClass.Normal, 276)!;
        _tracker.Settle(charge, served: false);
    }

    [Benchmark]
    public void AdmitAndSettleWithoutLimits()
    {
        var charge = _tracker.TryAdmit(_unlimited, PriorityClass.Normal, 0)!;
        _tracker.Settle(charge, served: false);
    }

    [Benchmark]
    public void ObserveRateLimitHeaders() => _tracker.Observe(_limited.Targets[0], 1_000_000, 10_000, null, null);

    [Benchmark]
    public void InFlightSlot()
    {
        _inFlight.TryEnter(_team.Id, 64);
        _inFlight.Exit(_team.Id);
    }

    private static AliasEntry Alias(int? tokensPerMinute, int? requestsPerMinute) => new(
        Guid.NewGuid(),
        "chat",
        [
            new AliasTargetEntry(Guid.NewGuid(), "a", "gpt-4o-mini", Backend, 1, 0) { TokensPerMinute = tokensPerMinute, RequestsPerMinute = requestsPerMinute },
            new AliasTargetEntry(Guid.NewGuid(), "b", "gpt-4o-mini", Backend, 1, 0) { TokensPerMinute = tokensPerMinute, RequestsPerMinute = requestsPerMinute },
        ]);
}
