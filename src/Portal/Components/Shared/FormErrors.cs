using AiGateway.Shared.Services;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// The errors a form shows after the application service refused its input: each field's messages under that field
/// (names as the service reports them, e.g. <c>name</c>, <c>maxKeys</c>), and whatever no field of the form shows
/// (a conflict, a rule across fields) in <see cref="General"/>.
/// </summary>
public sealed class FormErrors
{
    private Dictionary<string, string[]> _fields = new(StringComparer.OrdinalIgnoreCase);

    public string? General { get; private set; }

    public bool Any => General is not null || _fields.Count > 0;

    public bool Has(string field) => _fields.ContainsKey(field);

    public string? For(string field) => _fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public void Clear()
    {
        _fields = new(StringComparer.OrdinalIgnoreCase);
        General = null;
    }

    /// <summary>
    /// Takes in the errors of a refused request; true when the exception is one a person can act on (validation,
    /// conflict, not found, not allowed), false when it is a fault the caller should let through.
    /// </summary>
    /// <param name="formFields">The fields the form shows beside an input; errors for any other field go to <see cref="General"/>.</param>
    public bool TryCapture(Exception exception, params IReadOnlyCollection<string> formFields)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(formFields);
        Clear();
        switch (exception)
        {
            case RequestValidationException validation:
                var shown = new HashSet<string>(formFields, StringComparer.OrdinalIgnoreCase);
                _fields = validation.Errors.Where(e => shown.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase);
                var rest = validation.Errors.Where(e => !shown.Contains(e.Key)).SelectMany(e => e.Value).ToList();
                General = rest.Count > 0 ? string.Join(" ", rest) : null;
                return true;
            case EntityConflictException or EntityNotFoundException or UnauthorizedAccessException:
                General = exception.Message;
                return true;
            default:
                return false;
        }
    }
}
