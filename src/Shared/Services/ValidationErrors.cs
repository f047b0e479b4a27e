using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services;

/// <summary>Collects every field error of a request, so a caller fixes them all in one round trip.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public void RequireName(string field, string? value, int maxLength = FieldLimits.Name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"'{field}' must be at most {maxLength} characters.");
        }
    }

    public void MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"'{field}' must be at most {maxLength} characters.");
        }
    }

    public void NotNegative(string field, decimal? value)
    {
        if (value < 0)
        {
            Add(field, $"'{field}' must not be negative.");
        }
    }

    public void Positive(string field, long? value)
    {
        if (value is <= 0)
        {
            Add(field, $"'{field}' must be greater than zero when set.");
        }
    }

    public void Defined<TEnum>(string field, TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            Add(field, $"'{field}' must be one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new RequestValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
