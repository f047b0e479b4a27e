using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AiGateway.Simulator.Tests.Stateful;

/// <summary>Calls of the stateful tests that must succeed, with the body shown when one does not.</summary>
internal static class StatefulClient
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonNode> PostOkAsync(this HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, json);
        return await OkAsync(response);
    }

    public static async Task<JsonNode> GetOkAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        return await OkAsync(response);
    }

    public static async Task<JsonNode> DeleteOkAsync(this HttpClient client, string path)
    {
        using var response = await client.DeleteAsync(path, Ct);
        return await OkAsync(response);
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string path, string purpose, byte[] content, string fileName = "data.jsonl")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(purpose), "purpose" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return client.PostAsync(path, form, Ct);
    }

    public static async Task<JsonNode> UploadOkAsync(this HttpClient client, string purpose, string text, string fileName = "data.jsonl")
    {
        using var response = await client.UploadAsync("v1/files", purpose, Encoding.UTF8.GetBytes(text), fileName);
        return await OkAsync(response);
    }

    private static async Task<JsonNode> OkAsync(HttpResponseMessage response)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }
}
