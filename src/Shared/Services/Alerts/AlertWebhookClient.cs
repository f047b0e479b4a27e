using System.Net.Http.Headers;
using System.Text;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// POSTs a JSON payload to a webhook: a 2xx answer is delivered, anything else (or no answer) is a failure to retry.
/// Its error text names the status or the kind of network failure, never the URL, whose path is often the secret.
/// </summary>
public sealed class AlertWebhookClient(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "alerts";

    public async Task<AlertSendResult> PostAsync(string? url, string json, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(url))
        {
            return AlertSendResult.Fail("The channel's URL cannot be read (was the Data Protection key ring lost?).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? AlertSendResult.Ok with { StatusCode = status } : AlertSendResult.Fail($"The webhook answered HTTP {status}.", status);
        }
        catch (HttpRequestException e)
        {
            return AlertSendResult.Fail($"The webhook could not be reached ({e.HttpRequestError}).");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return AlertSendResult.Fail("The webhook did not answer in time.");
        }
    }
}
