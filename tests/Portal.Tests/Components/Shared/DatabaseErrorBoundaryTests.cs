using AiGateway.Portal.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;

namespace AiGateway.Portal.Tests.Components.Shared;

/// <summary>Every page sits in this boundary (the main layout): an unreachable database is a message, not a dead circuit.</summary>
public sealed class DatabaseErrorBoundaryTests : PortalComponentTestBase
{
    [Fact]
    public void Render_PageCannotReachTheDatabase_ShowsTheOutageMessageInsteadOfThePage()
    {
        var boundary = Render<DatabaseErrorBoundary>(p => p.AddChildContent<FailingPage>(page =>
            page.Add(x => x.Failure, new SqliteException("unable to open database file", 14))));

        var message = boundary.Find("[data-testid=database-unreachable]");
        Assert.Contains("The database cannot be reached right now", message.TextContent, StringComparison.Ordinal);
        Assert.Empty(boundary.FindAll("[data-testid=page]"));
    }

    [Fact]
    public void Render_PageFailsForAnotherReason_IsNotHidden()
    {
        Assert.ThrowsAny<InvalidOperationException>(() => Render<DatabaseErrorBoundary>(p => p.AddChildContent<FailingPage>(page =>
            page.Add(x => x.Failure, new InvalidOperationException("a bug")))));
    }

    [Fact]
    public void Render_PageWorks_ShowsThePage()
    {
        var boundary = Render<DatabaseErrorBoundary>(p => p.AddChildContent<FailingPage>());

        Assert.Single(boundary.FindAll("[data-testid=page]"));
        Assert.Empty(boundary.FindAll("[data-testid=database-unreachable]"));
    }

    private sealed class FailingPage : ComponentBase
    {
        [Parameter]
        public Exception? Failure { get; set; }

        protected override void OnInitialized()
        {
            if (Failure is not null)
            {
                throw Failure;
            }
        }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "data-testid", "page");
            builder.AddContent(2, "the page");
            builder.CloseElement();
        }
    }
}
