using System.Buffers.Binary;
using AiGateway.Simulator.State;

namespace AiGateway.Simulator.Generation;

/// <summary>
/// Unit-length vectors derived from the input text, so the same text always gets the same embedding and
/// different texts differ, without a model. Shortened vectors (<c>dimensions</c>) are renormalised, as
/// text-embedding-3 does.
/// </summary>
internal static class EmbeddingVectors
{
    public static void Fill(string input, Span<float> vector)
    {
        var state = StableHash.Of(input) | 1;
        double sumOfSquares = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            // xorshift64*: cheap, deterministic and evenly spread enough for fake embeddings.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            var bits = state * 2685821657736338717UL;
            var value = (float)((bits >> 11) * (1.0 / (1UL << 53)) * 2.0 - 1.0);
            vector[i] = value;
            sumOfSquares += value * value;
        }

        var scale = sumOfSquares > 0 ? (float)(1.0 / Math.Sqrt(sumOfSquares)) : 0f;
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }

    /// <summary>The vector as little-endian float32 bytes: what <c>encoding_format: base64</c> carries.</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }
}
