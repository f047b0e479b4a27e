using System.Text.Json;
using AiGateway.Simulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AiGateway.Simulator.Control;

/// <summary>
/// Run-time control under <c>/_simulator</c>: read and change the configuration, reset the counters,
/// read the counters. Bad input gets RFC 7807 problem details naming the field.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup("/_simulator").AddEndpointFilter<ControlTokenEndpointFilter>();
        control.MapGet("/config", GetConfig);
        control.MapMethods("/config", [HttpMethods.Patch], PatchConfigAsync);
        control.MapPost("/reset", Reset);
        control.MapGet("/stats", GetStats);
    }

    private static JsonHttpResult<ConfigView> GetConfig(SimulatorState state, TimeProvider time) =>
        TypedResults.Json(View(state, time.GetUtcNow()), ControlJsonContext.Default.ConfigView);

    private static async Task<Results<JsonHttpResult<ConfigView>, ValidationProblem>> PatchConfigAsync(
        HttpContext context, SimulatorState state, TimeProvider time, ILoggerFactory loggers)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["$"] = [$"The body is not valid JSON: {exception.Message}"] });
        }

        using (document)
        {
            var now = time.GetUtcNow();
            var patch = ConfigPatch.Parse(document.RootElement, state, now);
            if (patch.Errors.Count > 0 || patch.Global is null)
            {
                return TypedResults.ValidationProblem(patch.Errors, title: "The simulator configuration change is invalid.");
            }

            state.Apply(patch.Global, patch.Changes);
            loggers.CreateLogger(typeof(ControlEndpoints)).ConfigChanged(patch.Changes.Count);
            return TypedResults.Json(View(state, now), ControlJsonContext.Default.ConfigView);
        }
    }

    private static NoContent Reset(SimulatorState state, ILoggerFactory loggers)
    {
        state.Reset();
        loggers.CreateLogger(typeof(ControlEndpoints)).StateReset();
        return TypedResults.NoContent();
    }

    private static JsonHttpResult<StatsView> GetStats(SimulatorState state) => TypedResults.Json(
        new StatsView(
            state.Deployments.OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Value.Stats.ToView()),
            state.Unrouted.ToView()),
        ControlJsonContext.Default.StatsView);

    private static ConfigView View(SimulatorState state, DateTimeOffset now) => new(
        state.Global.Seed,
        state.Global.DefaultCompletionTokens,
        state.Deployments.OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Value.Settings.ToOptions(now)));
}
