namespace AiGateway.Shared.Model;

/// <summary>Which traffic gets capacity first when it is short.</summary>
public enum PriorityClass
{
    Low = 0,
    Normal = 1,
    High = 2,
}
