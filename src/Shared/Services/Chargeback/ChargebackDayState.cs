namespace AiGateway.Shared.Services.Chargeback;

public enum ChargebackDayState
{
    /// <summary>Not closed yet: its fixed costs are computed whenever a report is read (provisional).</summary>
    Open = 0,

    /// <summary>Closed: reports read its stored allocation.</summary>
    Closed = 1,

    /// <summary>Closed once, then re-opened by an admin: computed on the fly again until it is closed anew.</summary>
    Reopened = 2,
}
