namespace AiGateway.Simulator.State.Stateful;

/// <summary>
/// The objects of one kind in creation order, at most <c>capacity</c> of them: adding one more evicts the oldest.
/// Not thread-safe on its own; <see cref="StatefulStore.Gate"/> guards every table.
/// </summary>
internal sealed class ObjectTable<T>(int capacity) where T : class, IStoredObject
{
    private readonly Dictionary<string, LinkedListNode<T>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<T> _order = new();

    public int Count => _byId.Count;

    /// <summary>Oldest first.</summary>
    public IEnumerable<T> All => _order;

    public T? Oldest => _order.First?.Value;

    /// <summary>Adds <paramref name="item"/>; returns the object evicted to make room, if any.</summary>
    public T? Add(T item)
    {
        _byId[item.Id] = _order.AddLast(item);
        if (_byId.Count <= capacity)
        {
            return null;
        }

        var oldest = _order.First!.Value;
        Remove(oldest.Id);
        return oldest;
    }

    public T? Find(string? id) => id is not null && _byId.TryGetValue(id, out var node) ? node.Value : null;

    public T? Remove(string id)
    {
        if (!_byId.Remove(id, out var node))
        {
            return null;
        }

        _order.Remove(node);
        return node.Value;
    }
}
