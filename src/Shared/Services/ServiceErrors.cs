namespace AiGateway.Shared.Services;

/// <summary>The request was understood but breaks a rule; <see cref="Errors"/> names each offending field.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The thing named does not exist (or is not visible to the caller).</summary>
public sealed class EntityNotFoundException(string entity, object id)
    : Exception($"{entity} '{id}' was not found.")
{
    public string Entity { get; } = entity;
}

/// <summary>The change conflicts with the current state (a duplicate name, a deployment still in use...).</summary>
public sealed class EntityConflictException(string message) : Exception(message);
