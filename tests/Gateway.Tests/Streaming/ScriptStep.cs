using System.Text;

namespace AiGateway.Gateway.Tests.Streaming;

/// <summary>One step of a <see cref="ScriptedStream"/>: bytes to return, a failure to throw, or a gate to wait on.</summary>
public sealed class ScriptStep
{
    private ScriptStep(byte[]? bytes, Exception? failure, TaskCompletionSource? gate)
    {
        Bytes = bytes;
        Failure = failure;
        Gate = gate;
    }

    public byte[]? Bytes { get; }

    public Exception? Failure { get; }

    public TaskCompletionSource? Gate { get; }

    public static ScriptStep Data(byte[] bytes) => new(bytes, null, null);

    public static ScriptStep Data(string text) => new(Encoding.UTF8.GetBytes(text), null, null);

    public static ScriptStep Fail(Exception failure) => new(null, failure, null);

    public static ScriptStep Wait(TaskCompletionSource gate) => new(null, null, gate);
}
