namespace AiGateway.Shared.Model;

/// <summary>Provisioned (PTU) capacity is filled first; standard (pay-as-you-go) takes the spill-over.</summary>
public enum BackendTier
{
    Provisioned = 0,
    Standard = 1,
}
