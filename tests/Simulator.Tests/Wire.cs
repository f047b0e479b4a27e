using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiGateway.Simulator.Tests;

/// <summary>Small helpers for raw HTTP calls.</summary>
internal static class Wire
{
    public const string ChatPath = "openai/deployments/chat/chat/completions?api-version=2024-10-21";

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, JsonBody(json), TestContext.Current.CancellationToken);

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

    public static async Task<T> ReadAsAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken))!;

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    public static async Task<HttpResponseMessage> PatchConfigAsync(this HttpClient client, string json, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "_simulator/config") { Content = JsonBody(json) };
        if (token is not null)
        {
            request.Headers.Add("x-simulator-control-token", token);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonNode> StatsAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("_simulator/stats", TestContext.Current.CancellationToken);
        return await response.ReadJsonAsync();
    }
}
