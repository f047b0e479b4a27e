using System.Text.Json;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Audit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Audit;

/// <summary>The audit log, newest first, filtered and paged by the service's <c>beforeId</c> cursor; each row opens to its JSON.</summary>
public sealed partial class AuditPage : AdminPageBase
{
    public const int PageSize = 50;

    /// <summary>Every entity the audit trail records: the configuration entities, by type name.</summary>
    private static readonly string[] EntityTypes = typeof(IConfigurationEntity).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConfigurationEntity).IsAssignableFrom(t))
        .Select(t => t.Name)
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly AuditFilter _filter = new();
    private readonly HashSet<long> _expanded = [];
    private List<AuditEventView> _events = [];
    private bool _hasMore;
    private string? _filterError;

    [Inject]
    private AuditLogService AuditLog { get; set; } = default!;

    protected override string AdminOnlyMessage => "Only admins can read the audit log.";

    protected override Task LoadAsync() => LoadAsync(append: false);

    protected override void ClearData()
    {
        _events = [];
        _hasMore = false;
    }

    private async Task ApplyAsync()
    {
        if (await EnsureAdminAsync())
        {
            await LoadAsync(append: false);
        }
    }

    private async Task ClearAsync()
    {
        _filter.EntityType = _filter.Actor = _filter.EntityId = null;
        _filter.From = _filter.To = null;
        await ApplyAsync();
    }

    private async Task LoadMoreAsync()
    {
        if (await EnsureAdminAsync())
        {
            await LoadAsync(append: true);
        }
    }

    private async Task LoadAsync(bool append)
    {
        Loading = true;
        _filterError = null;
        try
        {
            var beforeId = append && _events.Count > 0 ? _events[^1].Id : (long?)null;
            var page = await AuditLog.QueryAsync(_filter.ToQuery(PageSize, beforeId));
            if (!append)
            {
                _events = [];
                _expanded.Clear();
            }

            _events.AddRange(page);
            _hasMore = page.Count == PageSize;
        }
        catch (RequestValidationException e)
        {
            _filterError = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        finally
        {
            Loading = false;
        }
    }

    private void Toggle(long id)
    {
        if (!_expanded.Remove(id))
        {
            _expanded.Add(id);
        }
    }

    private static Color ActionColor(string action) =>
        action.EndsWith(".Created", StringComparison.Ordinal) ? Color.Success
        : action.EndsWith(".Deleted", StringComparison.Ordinal) ? Color.Error
        : Color.Info;

    private static string PrettyJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "—";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
