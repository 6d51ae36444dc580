namespace Training.Classes;

/// <summary>
/// How many of this node's enrollments into one class may wait on the class's row lock in PostgreSQL at once; the rest
/// wait here, in order. The row lock alone keeps the seats exact: this only keeps the queue out of the database, where
/// each waiting transaction slows the one holding the lock (pgbench running an enrollment's SQL into one class did 800-1,200
/// seats a second from 1 to 8 clients and 480 from 64: ops/benchmarks/README.md, "The write path of issue 10").
/// Taken before any database lock, and held by nobody who waits for it, so it adds no lock cycle. An enrollment gives its
/// place back once it has decided, so its commit overlaps the next one's wait for the row.
/// </summary>
public sealed class ClassGate(int perClass = ClassGate.DefaultPerClass)
{
    public const int DefaultPerClass = 4;

    readonly Dictionary<Guid, Entry> _entries = new();

    sealed class Entry(int slots)
    {
        public readonly SemaphoreSlim Slots = new(slots, slots);
        public int Users; // entered or waiting; the entry goes when the last one leaves
    }

    /// <summary>Waits for one of the class's places; disposing the answer gives it back.</summary>
    public async Task<IDisposable> EnterAsync(Guid classId, CancellationToken cancellation = default)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(classId, out entry!)) _entries[classId] = entry = new Entry(perClass);
            entry.Users++;
        }
        try
        {
            await entry.Slots.WaitAsync(cancellation);
        }
        catch
        {
            Leave(classId, entry, entered: false);
            throw;
        }
        return new Place(this, classId, entry);
    }

    /// <summary>Classes with someone inside or waiting (for tests: an idle gate holds nothing).</summary>
    public int Classes
    {
        get { lock (_entries) return _entries.Count; }
    }

    void Leave(Guid classId, Entry entry, bool entered)
    {
        if (entered) entry.Slots.Release();
        lock (_entries)
            if (--entry.Users == 0) _entries.Remove(classId);
    }

    sealed class Place(ClassGate gate, Guid classId, Entry entry) : IDisposable
    {
        int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) gate.Leave(classId, entry, entered: true);
        }
    }
}
