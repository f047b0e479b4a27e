namespace AiGateway.Gateway;

internal static class ElapsedTime
{
    /// <summary>
    /// A duration as the whole milliseconds stored in usage records and rollout figures: rounded, and clamped to
    /// <c>0..int.MaxValue</c> (a clock read across threads can come out a hair negative).
    /// </summary>
    public static int WholeMilliseconds(this TimeSpan elapsed) =>
        (int)Math.Clamp(Math.Round(elapsed.TotalMilliseconds), 0, int.MaxValue);
}
