using System.ComponentModel.DataAnnotations;

namespace AiGateway.Gateway.Rollouts;

/// <summary>Settings under <c>Rollouts</c>.</summary>
public sealed class RolloutOptions
{
    public const string SectionName = "Rollouts";

    /// <summary><c>Rollouts:DriverEnabled</c>: whether this replica may drive rollouts (it still routes and publishes its figures either way).</summary>
    public bool DriverEnabled { get; set; } = true;

    /// <summary><c>Rollouts:TickSeconds</c>: how often each replica publishes its figures and the driving replica judges its rollouts.</summary>
    [Range(0.05, 3600)]
    public double TickSeconds { get; set; } = 5;

    /// <summary><c>Rollouts:LeaseSeconds</c>: how long a replica's hold on a rollout lasts without renewal; another replica takes over after it.</summary>
    [Range(1, 3600)]
    public double LeaseSeconds { get; set; } = 30;

    /// <summary><c>Rollouts:ReplicaId</c>: this replica's name in leases and figures; by default the machine name, process id and a random suffix.</summary>
    [Required]
    [MaxLength(100)]
    public string ReplicaId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
}
