namespace AiGateway.Deploy.Tests.Image;

/// <summary>The tests that share one publish of the application.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedAppCollection : ICollectionFixture<PublishedApp>
{
    public const string Name = "Published application";
}
