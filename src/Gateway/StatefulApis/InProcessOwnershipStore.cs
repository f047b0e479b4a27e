using System.Collections.Concurrent;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// This replica's memory of owners: the first layer, enough on its own for a single replica while it runs. Bounded
/// by <see cref="StatefulOptions.MemoryCapacity"/>; when full, expired entries go first, then arbitrary ones, which
/// the layers behind it still hold.
/// </summary>
public sealed class InProcessOwnershipStore(int capacity, TimeProvider clock) : IOwnershipStore
{
    private readonly ConcurrentDictionary<string, ObjectOwner> _owners = new(StringComparer.Ordinal);

    public int Count => _owners.Count;

    public ValueTask<ObjectOwner?> FindAsync(string objectId, CancellationToken ct)
    {
        if (_owners.TryGetValue(objectId, out var owner))
        {
            if (owner.ExpiresAt > clock.GetUtcNow())
            {
                return ValueTask.FromResult<ObjectOwner?>(owner);
            }

            _owners.TryRemove(objectId, out _);
        }

        return ValueTask.FromResult<ObjectOwner?>(null);
    }

    public ValueTask RecordAsync(ObjectOwner owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (_owners.Count >= capacity)
        {
            MakeRoom();
        }

        _owners[owner.ObjectId] = owner;
        return ValueTask.CompletedTask;
    }

    private void MakeRoom()
    {
        var now = clock.GetUtcNow();
        var toFree = Math.Max(1, capacity / 10);
        foreach (var (id, owner) in _owners)
        {
            if (owner.ExpiresAt <= now)
            {
                _owners.TryRemove(id, out _);
            }
        }

        foreach (var id in _owners.Keys)
        {
            if (_owners.Count < capacity - toFree)
            {
                break;
            }

            _owners.TryRemove(id, out _);
        }
    }
}
