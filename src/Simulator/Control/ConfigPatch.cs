using System.Globalization;
using System.Text.Json;
using AiGateway.Simulator.Options;
using AiGateway.Simulator.State;

namespace AiGateway.Simulator.Control;

/// <summary>
/// Merges a PATCH body into the current settings: only the fields present change; a deployment set to null
/// is removed; an unknown deployment with a <c>model</c> is added. Field names match case-insensitively.
/// Every problem is reported by its JSON path, and nothing is applied unless the whole body is valid.
/// </summary>
internal sealed class ConfigPatch
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public IDictionary<string, string[]> Errors => _errors;

    public GlobalSettings? Global { get; private set; }

    public Dictionary<string, DeploymentSettings?> Changes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ConfigPatch Parse(JsonElement root, SimulatorState state, DateTimeOffset now)
    {
        var patch = new ConfigPatch();
        patch.Read(root, state, now);
        return patch;
    }

    private void Read(JsonElement root, SimulatorState state, DateTimeOffset now)
    {
        var global = state.Global;
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", "The body must be a JSON object.");
            return;
        }

        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name.ToUpperInvariant())
            {
                case "SEED":
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        global = global with { Seed = null };
                    }
                    else if (Int(property.Value, "seed", int.MinValue, int.MaxValue) is { } seed)
                    {
                        global = global with { Seed = seed };
                    }

                    break;
                case "DEFAULTCOMPLETIONTOKENS":
                    if (Int(property.Value, "defaultCompletionTokens", 1, 1_000_000) is { } tokens)
                    {
                        global = global with { DefaultCompletionTokens = tokens };
                    }

                    break;
                case "DEPLOYMENTS":
                    ReadDeployments(property.Value, state, now);
                    break;
                default:
                    Error(property.Name, "Unknown setting; expected seed, defaultCompletionTokens or deployments.");
                    break;
            }
        }

        Global = global;
    }

    private void ReadDeployments(JsonElement deployments, SimulatorState state, DateTimeOffset now)
    {
        if (deployments.ValueKind != JsonValueKind.Object)
        {
            Error("deployments", "Expected an object of deployments by name.");
            return;
        }

        foreach (var deployment in deployments.EnumerateObject())
        {
            var path = "deployments." + deployment.Name;
            if (deployment.Value.ValueKind == JsonValueKind.Null)
            {
                if (!state.Deployments.ContainsKey(deployment.Name))
                {
                    Error(path, "No such deployment to remove.");
                }

                Changes[deployment.Name] = null;
                continue;
            }

            if (deployment.Value.ValueKind != JsonValueKind.Object)
            {
                Error(path, "Expected an object of settings, or null to remove the deployment.");
                continue;
            }

            SimulatorDeploymentOptions options;
            if (state.Deployments.TryGetValue(deployment.Name, out var existing))
            {
                options = existing.Settings.ToOptions(now);
            }
            else if (deployment.Value.TryGetProperty("model", out _) || deployment.Value.TryGetProperty("Model", out _))
            {
                options = new SimulatorDeploymentOptions();
            }
            else
            {
                Error(path, "Unknown deployment; to add one, give at least its model.");
                continue;
            }

            // Seconds in the merged copy are "remaining" seconds; only a PATCH that names them restarts a storm.
            var storm = existing?.Settings.Faults.ThrottleStormUntil;
            options.Faults.ThrottleStormSeconds = 0;
            options.Faults.ThrottleStormUntil = storm > now ? storm : null;
            var errorsBefore = _errors.Count;
            ReadDeployment(deployment.Value, options, path, now);
            if (_errors.Count != errorsBefore)
            {
                continue;
            }

            SettingsValidator.ValidateDeployment(deployment.Name, options, (field, message) =>
                Error(path + (field.Length == 0 ? "" : "." + JsonPath(field)), message));
            Changes[deployment.Name] = DeploymentSettings.From(options, now);
        }
    }

    private void ReadDeployment(JsonElement element, SimulatorDeploymentOptions d, string path, DateTimeOffset now)
    {
        foreach (var p in element.EnumerateObject())
        {
            var at = path + "." + p.Name;
            switch (p.Name.ToUpperInvariant())
            {
                case "MODEL": Set(String(p.Value, at), v => d.Model = v); break;
                case "MODELVERSION": d.ModelVersion = p.Value.ValueKind == JsonValueKind.Null ? null : String(p.Value, at); break;
                case "REGION": Set(String(p.Value, at), v => d.Region = v); break;
                case "KIND":
                    if (String(p.Value, at) is { } kind)
                    {
                        if (Enum.TryParse<DeploymentKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                        {
                            d.Kind = parsed;
                        }
                        else
                        {
                            Error(at, "Expected Chat, Embeddings or Any.");
                        }
                    }

                    break;
                case "EMBEDDINGDIMENSIONS": Set(Int(p.Value, at, 1, 16384), v => d.EmbeddingDimensions = v); break;
                case "TOKENSPERMINUTE": Set(Int(p.Value, at, 0, int.MaxValue), v => d.TokensPerMinute = v); break;
                case "REQUESTSPERMINUTE": Set(Int(p.Value, at, 0, int.MaxValue), v => d.RequestsPerMinute = v); break;
                case "CACHEDPROMPTPERCENT": Set(Int(p.Value, at, 0, 100), v => d.CachedPromptPercent = v); break;
                case "REASONINGPERCENT": Set(Int(p.Value, at, 0, 100), v => d.ReasoningPercent = v); break;
                case "LATENCY": ReadLatency(p.Value, d.Latency, at); break;
                case "FAULTS": ReadFaults(p.Value, d.Faults, at, now); break;
                default: Error(at, "Unknown setting."); break;
            }
        }
    }

    private void ReadLatency(JsonElement element, SimulatorLatencyOptions latency, string path)
    {
        if (!IsObject(element, path))
        {
            return;
        }

        foreach (var p in element.EnumerateObject())
        {
            var at = path + "." + p.Name;
            switch (p.Name.ToUpperInvariant())
            {
                case "TIMETOFIRSTTOKENMS": Set(Int(p.Value, at, 0, int.MaxValue), v => latency.TimeToFirstTokenMs = v); break;
                case "PERTOKENMS": Set(Double(p.Value, at), v => latency.PerTokenMs = v); break;
                case "JITTERMS": Set(Int(p.Value, at, 0, int.MaxValue), v => latency.JitterMs = v); break;
                default: Error(at, "Unknown setting."); break;
            }
        }
    }

    private void ReadFaults(JsonElement element, SimulatorFaultOptions faults, string path, DateTimeOffset now)
    {
        if (!IsObject(element, path))
        {
            return;
        }

        foreach (var p in element.EnumerateObject())
        {
            var at = path + "." + p.Name;
            switch (p.Name.ToUpperInvariant())
            {
                case "ERRORRATE": Set(Double(p.Value, at), v => faults.ErrorRate = v); break;
                case "ERRORSTATUS": Set(Int(p.Value, at, 0, 999), v => faults.ErrorStatus = v); break;
                case "HANGRATE": Set(Double(p.Value, at), v => faults.HangRate = v); break;
                case "CONTENTFILTERRATE": Set(Double(p.Value, at), v => faults.ContentFilterRate = v); break;
                case "CUTSTREAMAFTERCHUNKS": Set(Int(p.Value, at, 0, int.MaxValue), v => faults.CutStreamAfterChunks = v); break;
                case "SLOWFIRSTBYTEMS": Set(Int(p.Value, at, 0, int.MaxValue), v => faults.SlowFirstByteMs = v); break;
                case "THROTTLERETRYAFTERMS": Set(Int(p.Value, at, 0, int.MaxValue), v => faults.ThrottleRetryAfterMs = v); break;
                case "THROTTLESTORMSECONDS":
                    // Relative to now: 0 ends a storm at once.
                    Set(Int(p.Value, at, 0, 86_400), v => faults.ThrottleStormUntil = v > 0 ? now.AddSeconds(v) : null);
                    break;
                case "THROTTLESTORMUNTIL":
                    if (p.Value.ValueKind == JsonValueKind.Null)
                    {
                        faults.ThrottleStormUntil = null;
                    }
                    else if (p.Value.ValueKind == JsonValueKind.String
                        && DateTimeOffset.TryParse(p.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
                    {
                        faults.ThrottleStormUntil = until;
                    }
                    else
                    {
                        Error(at, "Expected an ISO 8601 date and time, or null.");
                    }

                    break;
                default: Error(at, "Unknown setting."); break;
            }
        }
    }

    private static void Set<T>(T? value, Action<T> assign)
        where T : struct
    {
        if (value is { } v)
        {
            assign(v);
        }
    }

    private static void Set(string? value, Action<string> assign)
    {
        if (value is not null)
        {
            assign(value);
        }
    }

    private bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, "Expected an object.");
        return false;
    }

    private int? Int(JsonElement element, string path, int min, int max)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(path, $"Expected an integer between {min} and {max}.");
        return null;
    }

    private double? Double(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value))
        {
            return value;
        }

        Error(path, "Expected a number.");
        return null;
    }

    private string? String(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString();
        }

        Error(path, "Expected a string.");
        return null;
    }

    private void Error(string path, string message) =>
        _errors[path] = _errors.TryGetValue(path, out var existing) ? [.. existing, message] : [message];

    /// <summary><c>Faults.ErrorRate</c> becomes <c>faults.errorRate</c>, as the body spells it.</summary>
    private static string JsonPath(string field) =>
        string.Join('.', field.Split('.').Select(segment => char.ToLowerInvariant(segment[0]) + segment[1..]));
}
