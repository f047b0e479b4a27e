namespace AiGateway.Gateway.Tests.Streaming;

/// <summary>
/// Reads a stream to its end the way YARP does (a zero-byte read before each real one, unless told not to),
/// keeping each read's bytes and the failure that ended it.
/// </summary>
public static class StreamReads
{
    public static async Task<(List<byte[]> Reads, Exception? Failure)> ReadAllAsync(
        Stream stream, int bufferSize = 64 * 1024, bool zeroByteReads = true)
    {
        var reads = new List<byte[]>();
        var buffer = new byte[bufferSize];
        try
        {
            while (true)
            {
                if (zeroByteReads)
                {
                    Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
                }

                var read = await stream.ReadAsync(buffer.AsMemory());
                if (read == 0)
                {
                    return (reads, null);
                }

                reads.Add(buffer[..read]);
            }
        }
        catch (Exception ex)
        {
            return (reads, ex);
        }
    }

    public static (List<byte[]> Reads, Exception? Failure) ReadAll(Stream stream, int bufferSize = 64 * 1024)
    {
        var reads = new List<byte[]>();
        var buffer = new byte[bufferSize];
        try
        {
            while (true)
            {
                var read = stream.Read(buffer, 0, buffer.Length);
                if (read == 0)
                {
                    return (reads, null);
                }

                reads.Add(buffer[..read]);
            }
        }
        catch (Exception ex)
        {
            return (reads, ex);
        }
    }
}
