using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Responses;

namespace AiGateway.Integration.Gateway.StatefulApis;

/// <summary>
/// The official OpenAI .NET SDK's Responses client, unmodified but for endpoint and key, over two round-robin
/// simulators: multi-turn conversations, reads and deletes all reach the deployment that stores the response.
/// </summary>
#pragma warning disable OPENAI001 // The Responses client is marked experimental in the SDK.
public sealed class ResponsesSdkTests : RoundRobinTestBase
{
    private ResponsesClient Responses() => new OpenAIClient(new ApiKeyCredential(Key), new OpenAIClientOptions
    {
        Endpoint = new Uri(Gateway.BaseAddress, "v1"),
        RetryPolicy = new ClientRetryPolicy(0),
    }).GetResponsesClient();

    [Fact]
    public async Task MultiTurnConversations_GetAndDelete_SucceedThroughTheSdk()
    {
        var client = Responses();
        for (var conversation = 0; conversation < 5; conversation++)
        {
            string? previous = null;
            for (var turn = 0; turn < 3; turn++)
            {
                var options = new CreateResponseOptions(RoundRobinAlias, [ResponseItem.CreateUserMessageItem("Hello")])
                {
                    PreviousResponseId = previous,
                };
                ResponseResult response = await client.CreateResponseAsync(options, Ct);
                previous = response.Id;
            }

            ResponseResult read = await client.GetResponseAsync(previous!, Ct);
            Assert.Equal(previous, read.Id);
            await client.DeleteResponseAsync(previous!, Ct);
        }
    }
}
#pragma warning restore OPENAI001
