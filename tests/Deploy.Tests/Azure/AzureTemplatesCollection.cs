namespace AiGateway.Deploy.Tests.Azure;

/// <summary>The tests that read the compiled templates share one <see cref="AzureTemplates"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AzureTemplatesCollection : ICollectionFixture<AzureTemplates>
{
    public const string Name = "Azure templates";
}
