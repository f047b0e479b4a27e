namespace AiGateway.Gateway.Capacity;

/// <summary>
/// What is left of a deployment's capacity in the current minute, per dimension; null where the dimension has no
/// known limit (no configured figure and none learnt from the backend).
/// </summary>
public readonly record struct CapacityHeadroom(long? TokensLeft, long? TokenLimit, long? RequestsLeft, long? RequestLimit)
{
    /// <summary>
    /// The smaller of the two shares left (0 to 1), which is what runs out first; 1 for a deployment with no known
    /// limit, so an unmeasured deployment is tried and so measured.
    /// </summary>
    public double ShareLeft
    {
        get
        {
            var tokens = TokenLimit is > 0 ? Math.Clamp((double)TokensLeft!.Value / TokenLimit.Value, 0, 1) : 1;
            var requests = RequestLimit is > 0 ? Math.Clamp((double)RequestsLeft!.Value / RequestLimit.Value, 0, 1) : 1;
            return Math.Min(tokens, requests);
        }
    }
}
