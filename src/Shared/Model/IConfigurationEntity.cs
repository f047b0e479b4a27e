namespace AiGateway.Shared.Model;

/// <summary>
/// Marks the entities the gateway serves from its configuration snapshot. Saving a change to any of them is audited
/// and bumps <see cref="ConfigVersion"/>, which is how every replica learns that it must rebuild its snapshot.
/// </summary>
public interface IConfigurationEntity
{
    Guid Id { get; }
}
