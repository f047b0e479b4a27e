using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Tests.Quotas;
using AiGateway.Shared.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Capacity.CapacityTrackerTests;

namespace AiGateway.Gateway.Tests.Capacity;

/// <summary>Two replicas, each with its own tracker, sharing one Redis: each admits on what the cluster has left.</summary>
public sealed class RedisCapacitySyncTests(RedisTestServer server)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 1, TimeSpan.Zero) + TimeSpan.FromDays(Random.Shared.Next(1, 3000)));

    [Fact]
    public async Task SyncOnce_WhatOneReplicaTook_IsNoLongerThereForTheOther()
    {
        var redis = (await server.GetConnectionAsync()).GetDatabase();
        var target = Limited(requestsPerMinute: 3);
        var alias = Reserving(0, target);
        var (first, firstSync) = Replica();
        var (second, secondSync) = Replica();

        Assert.NotNull(first.TryAdmit(alias, PriorityClass.Low, 1));
        Assert.NotNull(first.TryAdmit(alias, PriorityClass.Low, 1));
        await firstSync.SyncOnceAsync(redis);
        await secondSync.SyncOnceAsync(redis);
        second.For(target.DeploymentId);
        await secondSync.SyncOnceAsync(redis);

        Assert.NotNull(second.TryAdmit(alias, PriorityClass.Low, 1));
        Assert.Null(second.TryAdmit(alias, PriorityClass.Low, 1));
        await secondSync.SyncOnceAsync(redis);
        await firstSync.SyncOnceAsync(redis);
        Assert.Null(first.TryAdmit(alias, PriorityClass.Low, 1));
    }

    [Fact]
    public async Task SyncOnce_RequestGivenBackBeforeSharing_IsNotCounted()
    {
        var redis = (await server.GetConnectionAsync()).GetDatabase();
        var target = Limited(requestsPerMinute: 1);
        var alias = Reserving(0, target);
        var (first, firstSync) = Replica();
        var (second, secondSync) = Replica();
        second.For(target.DeploymentId);

        first.Settle(first.TryAdmit(alias, PriorityClass.Low, 1)!, served: false);
        await firstSync.SyncOnceAsync(redis);
        await secondSync.SyncOnceAsync(redis);

        Assert.NotNull(second.TryAdmit(alias, PriorityClass.Low, 1));
    }

    private (CapacityTracker Tracker, RedisCapacitySync Sync) Replica()
    {
        var tracker = new CapacityTracker(_time);
        var sync = new RedisCapacitySync(
            new ServiceCollection().BuildServiceProvider(), tracker, Options.Create(new QuotaOptions()), Options.Create(new CapacityOptions()), _time, NullLogger<RedisCapacitySync>.Instance);
        return (tracker, sync);
    }
}
