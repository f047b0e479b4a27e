using AiGateway.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace AiGateway.Portal.Tests.Components.Shared;

/// <summary>The smallest admin page: counts its reloads and runs a change the test gives it through the base's one path.</summary>
internal sealed class AdminPageProbe : AdminPageBase
{
    public const string Refusal = "Only admins can use the probe.";

    public int Loads { get; private set; }

    public bool DataCleared { get; private set; }

    public bool IsAllowed => Allowed;

    protected override string AdminOnlyMessage => Refusal;

    /// <summary>What the probe's one button runs, as a page's action button would.</summary>
    public Func<string, Task> Change { get; set; } = _ => Task.CompletedTask;

    public string Success { get; set; } = "Done.";

    protected override Task LoadAsync()
    {
        Loads++;
        return Task.CompletedTask;
    }

    protected override void ClearData() => DataCleared = true;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "onclick", EventCallback.Factory.Create(this, () => RunAsync(Change, Success)));
        builder.AddContent(2, Allowed ? "Run" : AdminOnlyMessage);
        builder.CloseElement();
    }
}
