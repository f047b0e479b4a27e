namespace AiGateway.Portal.Components.Shared;

/// <summary>Ready-to-paste calls of this gateway with a freshly issued key, for the show-once dialog.</summary>
public static class ApiKeySnippets
{
    /// <param name="baseUri">The gateway's base address, ending with a slash (NavigationManager.BaseUri).</param>
    public static string Curl(string baseUri, string secret, string alias) =>
        $$"""
        curl {{baseUri}}v1/chat/completions \
          -H "api-key: {{secret}}" \
          -H "Content-Type: application/json" \
          -d '{"model": "{{alias}}", "messages": [{"role": "user", "content": "Hello"}]}'
        """;

    public static string DotNet(string baseUri, string secret, string alias) =>
        $$"""
        // dotnet add package OpenAI
        using System.ClientModel;
        using OpenAI;
        using OpenAI.Chat;

        var client = new ChatClient(
            model: "{{alias}}",
            credential: new ApiKeyCredential("{{secret}}"),
            options: new OpenAIClientOptions { Endpoint = new Uri("{{baseUri}}v1") });
        ChatCompletion completion = await client.CompleteChatAsync("Hello");
        Console.WriteLine(completion.Content[0].Text);
        """;

    public static string Python(string baseUri, string secret, string alias) =>
        $$"""
        # pip install openai
        from openai import OpenAI

        client = OpenAI(base_url="{{baseUri}}v1", api_key="{{secret}}")
        response = client.chat.completions.create(
            model="{{alias}}",
            messages=[{"role": "user", "content": "Hello"}],
        )
        print(response.choices[0].message.content)
        """;
}
