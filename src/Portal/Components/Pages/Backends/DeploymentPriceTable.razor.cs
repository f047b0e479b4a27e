using System.Globalization;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Pricing;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Backends;

public sealed partial class DeploymentPriceTable
{
    private const string EffectiveFromField = "effectiveFrom";
    private const string InputField = "inputPer1K";
    private const string CachedField = "cachedInputPer1K";
    private const string OutputField = "outputPer1K";
    private const string ReasoningField = "reasoningPer1K";
    private const string AudioInField = "audioInputPer1K";
    private const string AudioOutField = "audioOutputPer1K";
    private const string FixedField = "monthlyFixedCost";
    private static readonly string[] Fields = [EffectiveFromField, InputField, CachedField, OutputField, ReasoningField, AudioInField, AudioOutField, FixedField];

    private readonly FormErrors _errors = new();
    private PriceForm _form = new();
    private IReadOnlyList<DeploymentPriceView>? _prices;
    private bool _isAdmin;
    private bool _busy;
    private string? _error;

    [Inject]
    private DeploymentPriceService Prices { get; set; } = default!;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid DeploymentId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _isAdmin = await Access.IsAdminAsync();
        await LoadAsync();
    }

    private async Task LoadAsync() => _prices = await Prices.ListAsync(DeploymentId);

    private async Task AddAsync()
    {
        _errors.Clear();
        _error = null;
        _busy = true;
        try
        {
            await Access.EnsureAdminAsync("Only admins can change prices.");
            if (!_form.TryGetEffectiveFrom(out var from))
            {
                throw RequestValidationException.For(EffectiveFromField, "Write the time as yyyy-MM-dd HH:mm (UTC), or leave it blank for now.");
            }

            await Prices.AddAsync(DeploymentId, _form.ToInput(from), await Access.ActorAsync());
            _form = new PriceForm();
            await LoadAsync();
        }
        catch (Exception e) when (_errors.TryCapture(e, Fields))
        {
            _error = _errors.General;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RemoveAsync(DeploymentPriceView price)
    {
        _error = null;
        _busy = true;
        try
        {
            await Access.EnsureAdminAsync("Only admins can change prices.");
            await Prices.DeleteAsync(DeploymentId, price.Id, await Access.ActorAsync());
            await LoadAsync();
        }
        catch (Exception e) when (_errors.TryCapture(e))
        {
            _error = _errors.General;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string StateLabel(PriceVersionState state) => state switch
    {
        PriceVersionState.InForce => "in force",
        PriceVersionState.Scheduled => "scheduled",
        _ => "superseded",
    };

    private static Color StateColor(PriceVersionState state) => state switch
    {
        PriceVersionState.InForce => Color.Success,
        PriceVersionState.Scheduled => Color.Info,
        _ => Color.Default,
    };

    /// <summary>The new version's fields as typed.</summary>
    private sealed class PriceForm
    {
        public string ServiceTier { get; set; } = ServiceTiers.Default;
        public string? EffectiveFrom { get; set; }
        public decimal InputPer1K { get; set; }
        public decimal? CachedInputPer1K { get; set; }
        public decimal OutputPer1K { get; set; }
        public decimal? ReasoningPer1K { get; set; }
        public decimal? AudioInputPer1K { get; set; }
        public decimal? AudioOutputPer1K { get; set; }
        public decimal? MonthlyFixedCost { get; set; }

        public bool TryGetEffectiveFrom(out DateTimeOffset? from)
        {
            from = null;
            if (string.IsNullOrWhiteSpace(EffectiveFrom))
            {
                return true;
            }

            if (DateTimeOffset.TryParse(EffectiveFrom, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                from = parsed;
                return true;
            }

            return false;
        }

        public DeploymentPriceInput ToInput(DateTimeOffset? from) => new()
        {
            ServiceTier = ServiceTier, EffectiveFrom = from, InputPer1K = InputPer1K, CachedInputPer1K = CachedInputPer1K, OutputPer1K = OutputPer1K,
            ReasoningPer1K = ReasoningPer1K, AudioInputPer1K = AudioInputPer1K, AudioOutputPer1K = AudioOutputPer1K, MonthlyFixedCost = MonthlyFixedCost,
        };
    }
}
