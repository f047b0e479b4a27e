namespace AiGateway.Portal.Demo;

/// <summary>Settings under <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary><c>Demo:Enabled</c>: host the simulator in-process and seed demo data into an empty database. Defaults to true in Development.</summary>
    public bool? Enabled { get; set; }

    /// <summary><c>Demo:ApiKey</c>: the demo key to seed (so scripts know it); when unset one is generated and printed once.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>Demo:SimulatorPath</c>: where the in-process simulator is mapped.</summary>
    public string SimulatorPath { get; set; } = "/simulator";

    /// <summary><c>Demo:SimulatorApiKey</c>: the key the demo backends use to call the in-process simulator.</summary>
    public string SimulatorApiKey { get; set; } = "demo-simulator-key";
}
