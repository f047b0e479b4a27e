namespace AiGateway.Simulator.Options;

/// <summary>Which operations a deployment serves, as a model on Azure does.</summary>
public enum DeploymentKind
{
    /// <summary>Chat completions, completions and responses.</summary>
    Chat,

    /// <summary>Embeddings only.</summary>
    Embeddings,

    /// <summary>Everything (handy for tests; no real model does this).</summary>
    Any,
}
