namespace AiGateway.Shared.Model;

/// <summary>How a rollout splits the alias's traffic between blue and green.</summary>
public enum RolloutAssignmentMode
{
    /// <summary>
    /// Each client (key, else Entra app, else team) is on one side for the whole rollout. Consistent for a client, but
    /// with few clients a small share may put none of them on green.
    /// </summary>
    PerClient = 0,

    /// <summary>
    /// Each request is on green with the step's probability, whoever sends it: green gets its share of the requests
    /// even when few clients call, but one client's requests are served by both sides.
    /// </summary>
    PerRequest = 1,
}
