using System.Globalization;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Rollouts;

/// <summary>
/// What a step's share means for the clients who actually call an alias. With per-client assignment each client
/// is on green independently with the step's probability, so with few clients a small share easily puts none of
/// them on green, and then the guards never get a sample.
/// </summary>
public static class RolloutReach
{
    /// <summary>The chance that no client is on green at <paramref name="weightPercent"/> among <paramref name="clients"/>.</summary>
    public static double ChanceOfNone(int weightPercent, int clients) =>
        clients <= 0 ? 1 : Math.Pow(1 - Math.Clamp(weightPercent, 0, 100) / 100.0, clients);

    /// <summary>Clients expected on green at <paramref name="weightPercent"/> among <paramref name="clients"/>.</summary>
    public static double Expected(int weightPercent, int clients) => Math.Max(clients, 0) * Math.Clamp(weightPercent, 0, 100) / 100.0;

    /// <summary>True when per-client assignment expects less than one client on green: it may well be none.</summary>
    public static bool LikelyNone(int weightPercent, int clients) => weightPercent < 100 && Expected(weightPercent, clients) < 1;

    /// <summary>One line for a step, e.g. "10 % of 7 clients: likely none on green (0.7 expected, 48 % chance of none); consider per request".</summary>
    public static string Describe(int weightPercent, int clients, RolloutAssignmentMode assignment)
    {
        if (weightPercent <= 0)
        {
            return "0 %: only testers who send x-gateway-rollout: green (and shadow copies) reach green";
        }

        if (assignment == RolloutAssignmentMode.PerRequest)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{weightPercent} % of requests on green, whichever client sends them");
        }

        if (clients <= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{weightPercent} % of clients: no client called the alias lately, so nobody may be on green");
        }

        var noun = clients == 1 ? "client" : "clients";
        if (weightPercent >= 100)
        {
            return string.Create(CultureInfo.InvariantCulture, $"100 % of {clients} {noun}: all on green");
        }

        var none = ChanceOfNone(weightPercent, clients);
        var expected = Expected(weightPercent, clients);
        if (LikelyNone(weightPercent, clients))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{weightPercent} % of {clients} {noun}: likely none on green ({expected:0.##} expected, {none:P0} chance of none); consider per request");
        }

        var chance = none >= 0.05 ? string.Create(CultureInfo.InvariantCulture, $" ({none:P0} chance of none)") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{weightPercent} % of {clients} {noun}: about {expected:0.#} on green{chance}");
    }
}
