using System.Net;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// Labels for a <c>MudChart</c>. MudBlazor 9 writes axis labels into the chart's SVG as raw markup (a
/// <c>MarkupString</c>), not as text, so a name such as <c>&lt;img src=x onerror=...&gt;</c> would become an element
/// and run script. Every label that can come from a user goes through here, HTML-encoded, so the browser shows the
/// name as it was typed.
/// </summary>
public static class SafeChartLabels
{
    public static string[] From(IEnumerable<string> labels) => [.. labels.Select(label => WebUtility.HtmlEncode(label) ?? string.Empty)];
}
