using AiGateway.Simulator.Options;

namespace AiGateway.Simulator.State;

/// <summary>
/// Immutable settings of one deployment. A PATCH builds a new instance and swaps the reference, so a request
/// reads one consistent set of settings from start to end.
/// </summary>
internal sealed record DeploymentSettings(
    string Model,
    string? ModelVersion,
    string Region,
    DeploymentKind Kind,
    int EmbeddingDimensions,
    int TokensPerMinute,
    int RequestsPerMinute,
    LatencySettings Latency,
    FaultSettings Faults,
    int CachedPromptPercent = 0,
    int ReasoningPercent = 0)
{
    /// <summary>Of <paramref name="promptTokens"/>, those the answer reports as cached.</summary>
    public int CachedTokensOf(int promptTokens) => (int)((long)promptTokens * CachedPromptPercent / 100);

    /// <summary>Of <paramref name="completionTokens"/>, those the answer reports as reasoning.</summary>
    public int ReasoningTokensOf(int completionTokens) => (int)((long)completionTokens * ReasoningPercent / 100);

    /// <summary>The name answers carry in <c>model</c>, e.g. <c>gpt-4o-mini-2024-07-18</c>, as Azure reports it.</summary>
    public string ResponseModel { get; } = string.IsNullOrEmpty(ModelVersion) ? Model : Model + "-" + ModelVersion;

    /// <summary>A stable fingerprint per model, as OpenAI reports one per backend configuration.</summary>
    public string SystemFingerprint { get; } = "fp_" + StableHash.Of(Model + ModelVersion).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)[..10];

    public bool Serves(Operation operation) => Kind switch
    {
        DeploymentKind.Any => true,
        DeploymentKind.Embeddings => operation == Operation.Embeddings,
        _ => operation != Operation.Embeddings,
    };

    public static DeploymentSettings From(SimulatorDeploymentOptions options, DateTimeOffset now)
    {
        var f = options.Faults;
        var stormUntil = f.ThrottleStormSeconds > 0 ? now.AddSeconds(f.ThrottleStormSeconds) : f.ThrottleStormUntil;
        return new DeploymentSettings(
            options.Model,
            options.ModelVersion,
            options.Region,
            options.Kind,
            options.EmbeddingDimensions,
            options.TokensPerMinute,
            options.RequestsPerMinute,
            new LatencySettings(options.Latency.TimeToFirstTokenMs, options.Latency.PerTokenMs, options.Latency.JitterMs),
            new FaultSettings(f.ErrorRate, f.ErrorStatus, stormUntil, f.ThrottleRetryAfterMs, f.HangRate,
                f.CutStreamAfterChunks, f.ContentFilterRate, f.SlowFirstByteMs),
            options.CachedPromptPercent,
            options.ReasoningPercent);
    }

    /// <summary>The settings as an options object: the shape of <c>GET /_simulator/config</c> and the base a PATCH merges into.</summary>
    public SimulatorDeploymentOptions ToOptions(DateTimeOffset now)
    {
        var remaining = Faults.ThrottleStormUntil is { } until && until > now ? (int)Math.Ceiling((until - now).TotalSeconds) : 0;
        return new SimulatorDeploymentOptions
        {
            Model = Model,
            ModelVersion = ModelVersion,
            Region = Region,
            Kind = Kind,
            EmbeddingDimensions = EmbeddingDimensions,
            TokensPerMinute = TokensPerMinute,
            RequestsPerMinute = RequestsPerMinute,
            CachedPromptPercent = CachedPromptPercent,
            ReasoningPercent = ReasoningPercent,
            Latency = new SimulatorLatencyOptions
            {
                TimeToFirstTokenMs = Latency.TimeToFirstTokenMs,
                PerTokenMs = Latency.PerTokenMs,
                JitterMs = Latency.JitterMs,
            },
            Faults = new SimulatorFaultOptions
            {
                ErrorRate = Faults.ErrorRate,
                ErrorStatus = Faults.ErrorStatus,
                ThrottleStormUntil = remaining > 0 ? Faults.ThrottleStormUntil : null,
                ThrottleStormSeconds = remaining,
                ThrottleRetryAfterMs = Faults.ThrottleRetryAfterMs,
                HangRate = Faults.HangRate,
                CutStreamAfterChunks = Faults.CutStreamAfterChunks,
                ContentFilterRate = Faults.ContentFilterRate,
                SlowFirstByteMs = Faults.SlowFirstByteMs,
            },
        };
    }
}
