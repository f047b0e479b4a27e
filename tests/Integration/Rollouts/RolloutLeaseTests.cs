using System.Net;
using System.Text.Json;
using AiGateway.Gateway.Rollouts;
using AiGateway.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Rollouts;

/// <summary>
/// Two gateway replicas on one database and one clock: only the lease holder drives a rollout's schedule; when it
/// stops, or dies holding the lease, the other takes over and the rollout carries on from the step it was on.
/// </summary>
public sealed class RolloutLeaseTests() : RolloutTestBase(Settings)
{
    // These rollouts get no traffic: they test who drives the schedule, not the guards, so their steps are allowed to
    // end on time alone (advanceUnjudged).
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Rollouts:TickSeconds"] = "3600",
        ["Rollouts:LeaseSeconds"] = "600",
    };

    [Fact]
    public async Task TwoReplicas_OnlyTheLeaseHolderDrives_AndWhenItStopsTheOtherCarriesOn()
    {
        await using var replicaB = StartSecondReplica();
        var id = (await StartRolloutAsync(new { stepWeights = new[] { 10, 50, 100 }, stepHoldSeconds = 60, advanceUnjudged = true })).GetProperty("id").GetGuid();
        var driverA = Gateway.Services.GetRequiredService<RolloutDriver>();
        var driverB = replicaB.Services.GetRequiredService<RolloutDriver>();

        await driverA.TickAsync(Ct);
        Gateway.Clock.Advance(TimeSpan.FromSeconds(60));
        await driverB.TickAsync(Ct);
        var held = await ReadAsync(replicaB, id);
        Assert.Equal((0, driverA.Replica), (held.GetProperty("currentStep").GetInt32(), held.GetProperty("leaseOwner").GetString()));

        await driverA.TickAsync(Ct);
        Assert.Equal(1, (await ReadAsync(replicaB, id)).GetProperty("currentStep").GetInt32());

        // Replica A shuts down: it hands its lease back, and B drives the rest of the schedule.
        await Gateway.StopAsync();
        await driverB.TickAsync(Ct);
        Assert.Equal(driverB.Replica, (await ReadAsync(replicaB, id)).GetProperty("leaseOwner").GetString());
        for (var step = 2; step <= 3; step++)
        {
            replicaB.Clock.Advance(TimeSpan.FromSeconds(60));
            await driverB.TickAsync(Ct);
        }

        var done = await ReadAsync(replicaB, id);
        Assert.Equal(("Promoted", 100), (done.GetProperty("state").GetString(), done.GetProperty("currentWeight").GetInt32()));
        var actors = done.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("actor").GetString()).Where(a => a!.StartsWith("rollout-driver@", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"rollout-driver@{driverA.Replica}", $"rollout-driver@{driverB.Replica}", $"rollout-driver@{driverB.Replica}"], actors);
    }

    [Fact]
    public async Task ReplicaDiedHoldingTheLease_TheOtherWaitsForItToLapse_ThenResumesTheStep()
    {
        var id = (await StartRolloutAsync(new { stepWeights = new[] { 10, 100 }, stepHoldSeconds = 60, advanceUnjudged = true })).GetProperty("id").GetGuid();
        var driver = Gateway.Services.GetRequiredService<RolloutDriver>();
        // What a replica that crashed mid-rollout leaves behind: its name on a lease that has not run out yet.
        var lapses = Gateway.Clock.GetUtcNow().AddSeconds(300);
        await using (var db = Gateway.CreateDbContext())
        {
            await db.Rollouts.Where(r => r.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, "crashed-replica").SetProperty(r => r.LeaseExpiresAt, lapses), Ct);
        }

        Gateway.Clock.Advance(TimeSpan.FromSeconds(120));
        await driver.TickAsync(Ct);
        var waiting = await RolloutAsync(id);
        Assert.Equal((0, "crashed-replica"), (waiting.GetProperty("currentStep").GetInt32(), waiting.GetProperty("leaseOwner").GetString()));

        Gateway.Clock.Advance(TimeSpan.FromSeconds(181));
        await driver.TickAsync(Ct);

        var resumed = await RolloutAsync(id);
        Assert.Equal((1, 100, driver.Replica), (resumed.GetProperty("currentStep").GetInt32(), resumed.GetProperty("currentWeight").GetInt32(), resumed.GetProperty("leaseOwner").GetString()));
    }

    [Fact]
    public async Task ReplicaRestarted_ResumesTheStepWhereItWas_NotFromTheStart()
    {
        var id = (await StartRolloutAsync(new { stepWeights = new[] { 10, 100 }, stepHoldSeconds = 60, advanceUnjudged = true })).GetProperty("id").GetGuid();
        await Gateway.Services.GetRequiredService<RolloutDriver>().TickAsync(Ct);
        Gateway.Clock.Advance(TimeSpan.FromSeconds(40));

        // The only replica restarts 40 s into a 60 s step.
        await Gateway.StopAsync();
        await using var restarted = StartSecondReplica();
        var driver = restarted.Services.GetRequiredService<RolloutDriver>();
        await driver.TickAsync(Ct);
        Assert.Equal(0, (await ReadAsync(restarted, id)).GetProperty("currentStep").GetInt32());

        restarted.Clock.Advance(TimeSpan.FromSeconds(20));
        await driver.TickAsync(Ct);

        var resumed = await ReadAsync(restarted, id);
        Assert.Equal((1, 100, driver.Replica), (resumed.GetProperty("currentStep").GetInt32(), resumed.GetProperty("currentWeight").GetInt32(), resumed.GetProperty("leaseOwner").GetString()));
    }

    private GatewayFactory StartSecondReplica()
    {
        var replica = new GatewayFactory(
            new Dictionary<string, string?>(Settings) { ["Database:DataPath"] = Gateway.DataPath },
            clock: Gateway.Clock);
        replica.CreateClient().Dispose();
        return replica;
    }

    private static async Task<JsonElement> ReadAsync(GatewayFactory replica, Guid id)
    {
        using var admin = replica.CreateAdminClient();
        using var response = await admin.GetAsync($"/api/admin/rollouts/{id}", Ct);
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }
}
