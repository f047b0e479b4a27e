namespace AiGateway.Shared.Services.Explorer;

/// <summary>Checks skip and take for the explorers.</summary>
public static class ExplorerPaging
{
    public const int DefaultTake = 100;
    public const int MaxTake = 500;
    public const int MaxSkip = 100_000;

    public static void Validate(int skip, int take)
    {
        var errors = new ValidationErrors();
        if (take is < 1 or > MaxTake)
        {
            errors.Add("take", $"'take' must be between 1 and {MaxTake}.");
        }

        if (skip is < 0 or > MaxSkip)
        {
            errors.Add("skip", $"'skip' must be between 0 and {MaxSkip}.");
        }

        errors.ThrowIfAny();
    }
}
