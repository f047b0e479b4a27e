using AiGateway.Portal.Auth;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Explorer;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// One explorer page's search: the filters every explorer takes, the page of results on show, and paging through
/// them. Later pages keep the first page's period, so they do not shift as new records arrive. The person's teams are
/// read again at every search and the service cuts the results to them: someone removed from a team stops seeing it
/// at once.
/// </summary>
/// <param name="ownFilters">The explorer's own query with its own filters set (a request id, a kind); the shared ones are added here.</param>
/// <param name="search">Runs the query for the teams the person may see (null: all).</param>
public sealed class ExplorerSearch<TQuery, TItem>(
    PortalAccess access,
    TimeProvider clock,
    Func<TQuery> ownFilters,
    Func<TQuery, IReadOnlySet<Guid>?, Task<ExplorerPage<TItem>>> search,
    int hours)
    where TQuery : ExplorerQuery
{
    private int _skip;
    private (DateTimeOffset From, DateTimeOffset To)? _period;

    public Guid? TeamId { get; set; }
    public string? Key { get; set; }
    public string? Alias { get; set; }
    public int Hours { get; set; } = hours;

    public ExplorerPage<TItem> Page { get; private set; } = new([], false, default, default);

    /// <summary>When the page on show was read, for the freshness line.</summary>
    public DateTimeOffset At { get; private set; }

    public bool Loading { get; private set; }

    /// <summary>What was wrong with the filters, or null.</summary>
    public string? Error { get; private set; }

    public bool IsNewest => _skip == 0;

    /// <summary>A new search from the newest records, with the filters as they are now.</summary>
    public Task RefreshAsync()
    {
        _skip = 0;
        _period = null;
        return SearchAsync();
    }

    public Task OlderAsync()
    {
        _skip += Page.Items.Count;
        return SearchAsync();
    }

    public Task NewerAsync()
    {
        _skip = Math.Max(0, _skip - ExplorerPaging.DefaultTake);
        return SearchAsync();
    }

    private async Task SearchAsync()
    {
        Loading = true;
        try
        {
            var visible = await access.TeamsAsync();
            At = clock.GetUtcNow();
            ExplorerQuery query = ownFilters();
            Page = await search(
                (TQuery)(query with
                {
                    TeamId = TeamId, Key = Key, Alias = Alias,
                    Hours = _period is null ? Hours : null, From = _period?.From, To = _period?.To, Skip = _skip,
                }),
                visible);
            _period = (Page.From, Page.To);
            Error = null;
        }
        catch (RequestValidationException e)
        {
            Error = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        finally
        {
            Loading = false;
        }
    }
}

/// <summary>The periods an explorer offers, and their labels.</summary>
public static class ExplorerPeriods
{
    public static readonly IReadOnlyList<int> Choices = [1, 6, 24, 72, ExplorerPeriod.MaxHours];

    public static string Label(int hours) => hours < 24 ? $"Last {hours} h" : $"Last {hours / 24} d";
}
