using MudBlazor;

namespace AiGateway.Portal.Components.Layout;

/// <summary>The portal's colours and type, with no web fonts (the portal must work without internet access).</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
