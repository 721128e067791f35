import Foundation
import MitsuCore
import MitsuStore

/// Follows the store for newly written events (by row id, every 200 ms: the collector flushes at least
/// that often, so an event reaches a browser well within a second of capture) and fans them out to
/// live-page subscribers. With no subscriber it reads nothing: a busy sensor pays nothing for an idle
/// dashboard (the collector counts events for `/metrics` itself).
public final class LiveFeed: @unchecked Sendable {
    private let reader: EventReader
    private let lock = Lock()
    private var subscribers: [UUID: AsyncStream<StoredEvent?>.Continuation] = [:]
    private var task: Task<Void, Never>?
    private(set) var lastID: Int64
    static let maxSubscribers = 64

    init(reader: EventReader) {
        self.reader = reader
        lastID = (try? reader.lastID()) ?? 0
    }

    func start() {
        task = Task.detached { [weak self] in
            var ticks = 0
            while !Task.isCancelled {
                self?.poll()
                ticks += 1
                // A heartbeat (nil) every 15 s keeps proxies from closing an idle stream and lets the
                // server notice a browser that went away.
                if ticks % 75 == 0 { self?.heartbeat() }
                try? await Task.sleep(nanoseconds: 200_000_000)
            }
        }
    }

    private func heartbeat() {
        let targets = lock.withLock { Array(subscribers.values) }
        for c in targets { c.yield(nil) }
    }

    func stop() {
        task?.cancel()
        lock.withLock {
            for c in subscribers.values { c.finish() }
            subscribers = [:]
        }
    }

    func poll() {
        let (after, listening) = lock.withLock { (lastID, !subscribers.isEmpty) }
        // Nobody is watching: read nothing (the first subscriber moves `lastID` to the store's end).
        guard listening else { return }
        guard let fresh = try? reader.events(after: after, limit: 2000), let last = fresh.last else { return }
        let targets = lock.withLock { () -> [AsyncStream<StoredEvent?>.Continuation] in
            lastID = max(lastID, last.id)
            return Array(subscribers.values)
        }
        for c in targets { for s in fresh { c.yield(s) } }
    }

    /// A stream of events stored from now on (nil elements are heartbeats); nil when too many live pages are open. Each subscriber
    /// buffers at most 1,000 events: a stalled browser loses the oldest, never stalls the feed.
    func subscribe() -> (id: UUID, stream: AsyncStream<StoredEvent?>)? {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: StoredEvent?.self, bufferingPolicy: .bufferingNewest(1000))
        // While nobody listened the feed stopped reading; the first subscriber starts from the store's end.
        let end = lock.withLock { subscribers.isEmpty } ? (try? reader.lastID()) : nil
        let ok = lock.withLock { () -> Bool in
            guard subscribers.count < LiveFeed.maxSubscribers else { return false }
            if subscribers.isEmpty, let end { lastID = max(lastID, end) }
            subscribers[id] = continuation
            return true
        }
        guard ok else { return nil }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        _ = lock.withLock { subscribers.removeValue(forKey: id) }
    }

    var subscriberCount: Int { lock.withLock { subscribers.count } }

    /// Events seen since this process started, by honeypot and kind.
}
