namespace AiGateway.Gateway.Requests;

/// <summary>Settings under <c>Gateway:Compliance</c>: what a request body may ask for.</summary>
public sealed class ComplianceOptions
{
    public const string SectionName = "Gateway:Compliance";

    /// <summary><c>Gateway:Compliance:MaxRequestBodyBytes</c>: the largest request body read; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary><c>Gateway:Compliance:MaxN</c>: the largest <c>n</c> (choices per request) allowed.</summary>
    public int MaxN { get; set; } = 8;

    /// <summary><c>Gateway:Compliance:MaxBestOf</c>: the largest <c>best_of</c> (completions) allowed.</summary>
    public int MaxBestOf { get; set; } = 8;

    /// <summary>
    /// <c>Gateway:Compliance:DisallowedParameters</c>: top-level body properties a request may not use, e.g.
    /// <c>logit_bias</c> or <c>tools</c>; matched exactly (JSON names are case-sensitive).
    /// </summary>
    public IList<string> DisallowedParameters { get; set; } = [];

    /// <summary><c>Gateway:Compliance:Mode</c>: clamp or reject requests that ask for more output tokens than the cap.</summary>
    public MaxTokensMode Mode { get; set; } = MaxTokensMode.Clamp;
}
