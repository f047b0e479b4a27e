namespace AiGateway.Shared.Services.Explorer;

/// <summary>
/// The filters every explorer takes: team, key (id, public prefix or name) and alias, a period of [<see cref="From"/>,
/// <see cref="To"/>) or the last <see cref="Hours"/> (default 1, at most a week), and a page.
/// </summary>
public abstract record ExplorerQuery
{
    public Guid? TeamId { get; init; }
    public string? Key { get; init; }
    public string? Alias { get; init; }
    public int? Hours { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = ExplorerPaging.DefaultTake;
}
