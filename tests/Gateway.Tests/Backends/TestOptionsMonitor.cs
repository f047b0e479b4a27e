using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Tests.Backends;

/// <summary>An options monitor over one mutable instance, so a test can change a setting between two calls.</summary>
internal sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    where T : class
{
    public T CurrentValue { get; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
