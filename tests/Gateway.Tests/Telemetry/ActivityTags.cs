using System.Diagnostics;

namespace AiGateway.Gateway.Tests.Telemetry;

internal static class ActivityTags
{
    public static object? Tag(this Activity activity, string name) => activity.GetTagItem(name);

    /// <summary>Every tag value as text, to check that none of them carries what must never be in a span.</summary>
    public static IEnumerable<string> TagTexts(this Activity activity) =>
        activity.TagObjects.Select(tag => Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
}
