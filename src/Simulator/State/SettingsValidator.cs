using AiGateway.Simulator.Options;

namespace AiGateway.Simulator.State;

/// <summary>
/// Rules for settings, shared by start-up validation and the PATCH control endpoint. Problems are reported with
/// dotted paths relative to the deployment (<c>Faults.ErrorRate</c>) so each caller can name the field its way.
/// </summary>
internal static class SettingsValidator
{
    private const int MaxDelayMs = 600_000;

    public static void ValidateDefaultCompletionTokens(int value, Action<string, string> problem)
    {
        if (value is < 1 or > 1_000_000)
        {
            problem("DefaultCompletionTokens", "must be between 1 and 1000000.");
        }
    }

    public static void ValidateDeployment(string name, SimulatorDeploymentOptions d, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal))
        {
            problem("", "a deployment name must be non-empty and contain no '/'.");
        }

        if (string.IsNullOrWhiteSpace(d.Model))
        {
            problem("Model", "is required.");
        }

        if (string.IsNullOrWhiteSpace(d.Region))
        {
            problem("Region", "is required.");
        }

        if (!Enum.IsDefined(d.Kind))
        {
            problem("Kind", "must be Chat, Embeddings or Any.");
        }

        if (d.EmbeddingDimensions is < 1 or > 16384)
        {
            problem("EmbeddingDimensions", "must be between 1 and 16384.");
        }

        NotNegative(d.TokensPerMinute, "TokensPerMinute", problem);
        if (d.CachedPromptPercent is < 0 or > 100)
        {
            problem("CachedPromptPercent", "must be between 0 and 100.");
        }

        if (d.ReasoningPercent is < 0 or > 100)
        {
            problem("ReasoningPercent", "must be between 0 and 100.");
        }

        NotNegative(d.RequestsPerMinute, "RequestsPerMinute", problem);

        var latency = d.Latency ?? new SimulatorLatencyOptions();
        Delay(latency.TimeToFirstTokenMs, "Latency.TimeToFirstTokenMs", problem);
        Delay(latency.JitterMs, "Latency.JitterMs", problem);
        if (double.IsNaN(latency.PerTokenMs) || latency.PerTokenMs is < 0 or > 10_000)
        {
            problem("Latency.PerTokenMs", "must be between 0 and 10000.");
        }

        var f = d.Faults ?? new SimulatorFaultOptions();
        Rate(f.ErrorRate, "Faults.ErrorRate", problem);
        Rate(f.HangRate, "Faults.HangRate", problem);
        Rate(f.ContentFilterRate, "Faults.ContentFilterRate", problem);
        if (f.ErrorRate + f.HangRate + f.ContentFilterRate > 1.0000001)
        {
            problem("Faults", "ErrorRate + HangRate + ContentFilterRate must not exceed 1.");
        }

        if (f.ErrorStatus is < 500 or > 599)
        {
            problem("Faults.ErrorStatus", "must be a 5xx status such as 500 or 503.");
        }

        NotNegative(f.ThrottleStormSeconds, "Faults.ThrottleStormSeconds", problem);
        Delay(f.ThrottleRetryAfterMs, "Faults.ThrottleRetryAfterMs", problem);
        NotNegative(f.CutStreamAfterChunks, "Faults.CutStreamAfterChunks", problem);
        Delay(f.SlowFirstByteMs, "Faults.SlowFirstByteMs", problem);
    }

    private static void NotNegative(int value, string field, Action<string, string> problem)
    {
        if (value < 0)
        {
            problem(field, "must not be negative (0 means unlimited or off).");
        }
    }

    private static void Delay(int value, string field, Action<string, string> problem)
    {
        if (value is < 0 or > MaxDelayMs)
        {
            problem(field, $"must be between 0 and {MaxDelayMs} milliseconds.");
        }
    }

    private static void Rate(double value, string field, Action<string, string> problem)
    {
        if (double.IsNaN(value) || value is < 0 or > 1)
        {
            problem(field, "must be a share between 0 and 1.");
        }
    }
}
