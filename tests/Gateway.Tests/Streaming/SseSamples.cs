using System.Text;

namespace AiGateway.Gateway.Tests.Streaming;

/// <summary>Streams as Azure OpenAI sends them, frame by frame.</summary>
public static class SseSamples
{
    private const string Filters =
        """{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}""";

    private const string ChunkTail =
        "\"created\":1733000000,\"id\":\"chatcmpl-AbC123\",\"model\":\"gpt-4o-2024-11-20\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_b705f0c291\"";

    /// <summary>Azure's prompt annotations: a first frame with no choices and no usage.</summary>
    public static readonly string PromptFilterFrame =
        "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":"
        + Filters + "}]}\n\n";

    public static readonly string RoleFrame =
        "data: {\"choices\":[{\"content_filter_results\":{},\"delta\":{\"content\":\"\",\"refusal\":null,\"role\":\"assistant\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}],"
        + ChunkTail + ",\"usage\":null}\n\n";

    public static readonly string FinishFrame =
        "data: {\"choices\":[{\"content_filter_results\":{},\"delta\":{},\"finish_reason\":\"stop\",\"index\":0,\"logprobs\":null}],"
        + ChunkTail + ",\"usage\":null}\n\n";

    /// <summary>The chunk <c>stream_options.include_usage</c> asks for: no choices, the whole call's usage.</summary>
    public static readonly string UsageFrame =
        "data: {\"choices\":[]," + ChunkTail
        + ",\"usage\":{\"completion_tokens\":5,\"completion_tokens_details\":{\"accepted_prediction_tokens\":0,\"audio_tokens\":0,\"reasoning_tokens\":0,\"rejected_prediction_tokens\":0},\"prompt_tokens\":12,\"prompt_tokens_details\":{\"audio_tokens\":0,\"cached_tokens\":0},\"total_tokens\":17}}\n\n";

    public const string DoneFrame = "data: [DONE]\n\n";

    /// <summary>The text of <see cref="ContentFrames"/>, in order.</summary>
    public static readonly string[] Pieces = ["Hello", " there", "! How", " can I help?"];

    public static int PiecesChars => Pieces.Sum(p => p.Length);

    public static string[] ContentFrames => [.. Pieces.Select(ContentFrame)];

    /// <summary>A whole chat completion stream: prompt filters, role, content, finish, usage, [DONE].</summary>
    public static string[] ChatFrames =>
        [PromptFilterFrame, RoleFrame, .. ContentFrames, FinishFrame, UsageFrame, DoneFrame];

    public static string[] ResponsesFrames =>
    [
        ResponsesEvent("response.created", """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1733000000,"status":"in_progress","error":null,"model":"gpt-4o","output":[],"usage":null}}"""),
        ResponsesEvent("response.output_item.added", """{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","content":[],"role":"assistant"}}"""),
        ResponsesEvent("response.output_text.delta", """{"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hello","logprobs":[]}"""),
        ResponsesEvent("response.output_text.delta", """{"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" world","logprobs":[]}"""),
        ResponsesEvent("response.output_text.done", """{"type":"response.output_text.done","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hello world","logprobs":[]}"""),
        ResponsesEvent("response.completed", """{"type":"response.completed","sequence_number":5,"response":{"id":"resp_1","object":"response","created_at":1733000000,"status":"completed","error":null,"model":"gpt-4o","output":[{"id":"msg_1","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"text":"Hello world"}],"role":"assistant"}],"usage":{"input_tokens":9,"input_tokens_details":{"cached_tokens":0},"output_tokens":3,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":12}}}"""),
    ];

    public static string ContentFrame(string piece) =>
        "data: {\"choices\":[{\"content_filter_results\":" + Filters + ",\"delta\":{\"content\":\"" + piece
        + "\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}]," + ChunkTail + ",\"usage\":null}\n\n";

    public static string ResponsesEvent(string type, string json) => $"event: {type}\ndata: {json}\n\n";

    public static byte[] Bytes(params string[] frames) => Encoding.UTF8.GetBytes(string.Concat(frames));

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static string Text(IEnumerable<byte[]> reads) => Encoding.UTF8.GetString([.. reads.SelectMany(r => r)]);
}
