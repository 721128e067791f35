/// Where a honeypot hands its events. In a worker this ships them to the collector (spooling while it is
/// away); in tests it collects them in memory. Implementations must be safe to call from any thread and
/// must not lose an event silently: refusals are counted.
public protocol EventSink: Sendable {
    func emit(_ event: Event)
    /// Several events at once, in order (a sink that ships them may send them together).
    func emit(contentsOf events: [Event])
}

extension EventSink {
    public func emit(contentsOf events: [Event]) {
        for event in events { emit(event) }
    }
}

/// An in-memory sink for tests and tools.
public final class CollectingSink: EventSink, @unchecked Sendable {
    private let lock = Lock()
    private var stored: [Event] = []

    public init() {}

    public func emit(_ event: Event) {
        lock.withLock { stored.append(event) }
    }

    public var events: [Event] { lock.withLock { stored } }
}
