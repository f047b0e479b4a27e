namespace AiGateway.Gateway.Quotas;

/// <summary>
/// One counted quantity of a quota policy in one kind of window: each is one Redis counter key per window, and the
/// unit a lease is taken in.
/// </summary>
internal enum QuotaDimension
{
    Requests,
    MinuteTokens,
    DayTokens,
    MonthTokens,
    DayCost,
    MonthCost,
}
