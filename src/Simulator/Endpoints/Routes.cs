namespace AiGateway.Simulator.Endpoints;

/// <summary>The two URL shapes a model request can take.</summary>
internal static class Routes
{
    /// <summary><c>/openai/deployments/{deployment}/...?api-version=</c>: the deployment is in the path.</summary>
    public const string Classic = "classic";

    /// <summary><c>/openai/v1/...</c> and <c>/v1/...</c>: the deployment is the body's <c>model</c>.</summary>
    public const string V1 = "v1";
}
