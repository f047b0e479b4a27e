namespace AiGateway.Shared.Model;

/// <summary>
/// Which traffic is to get capacity first when it is short. Not enforced yet: teams carry it (the API accepts and
/// returns it) so that the capacity feature can read it once it exists.
/// </summary>
public enum PriorityClass
{
    Low = 0,
    Normal = 1,
    High = 2,
}
