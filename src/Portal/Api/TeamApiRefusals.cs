namespace AiGateway.Portal.Api;

/// <summary>What the management API tells a caller the team rules refused, in the 403 problem's detail.</summary>
internal static class TeamApiRefusals
{
    public const string NotMember = "You may not act for this team.";
    public const string OwnersOnly = "Only the team's owners or an administrator may do this.";
    public const string KeyNotYours = "You may only manage the keys you issued; a team owner manages every key.";
    public const string NoUsage = "You may not read this team's usage.";
    public const string AlertsTeamRequired = "Only an administrator may read every channel's deliveries; name your team with 'teamId'.";
    public const string TeamRequired = "Only an administrator may read every team's figures; name your team with 'teamId'.";
}
