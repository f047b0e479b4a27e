using AiGateway.Shared.Services.Audit;

namespace AiGateway.Portal.Components.Pages.Audit;

/// <summary>The audit page's filter inputs. Dates are whole UTC days; <see cref="To"/> includes its day.</summary>
public sealed class AuditFilter
{
    public string? EntityType { get; set; }
    public string? Actor { get; set; }
    public string? EntityId { get; set; }
    public DateTime? From { get; set; }
    public DateTime? To { get; set; }

    public AuditQuery ToQuery(int take, long? beforeId) => new()
    {
        EntityType = Blank(EntityType),
        Actor = Blank(Actor),
        EntityId = Blank(EntityId),
        From = From is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)) : null,
        To = To is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to.Date, DateTimeKind.Utc)).AddDays(1) : null,
        BeforeId = beforeId,
        Take = take,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
