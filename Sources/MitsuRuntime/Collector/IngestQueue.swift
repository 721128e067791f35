import Foundation
import MitsuCore

/// The bounded hand-off between the socket readers (NIO threads) and the collector's writer thread.
///
/// Bounded so a flood cannot exhaust memory: above `highWater` the readers pause their sockets (workers
/// then block briefly and spool), and resume below `lowWater`. Nothing is dropped here.
final class IngestQueue: @unchecked Sendable {
    private let condition = NSCondition()
    /// Producers append to `incoming`; the consumer drains `draining` and swaps the two when it runs dry,
    /// so neither side ever shifts a large array.
    private var incoming: [Event] = []
    private var draining: [Event] = []
    private var head = 0
    private let highWater: Int
    private let lowWater: Int
    private var resumeCallbacks: [@Sendable () -> Void] = []
    private var closed = false
    /// The depth at which a push wakes the consumer: 1 while it waits for a first event, the batch size
    /// while it gathers one (so that a trickle of single events does not wake it once per event).
    private var wakeAt = 1
    private var pushCount = 0

    init(capacity: Int) {
        highWater = capacity
        lowWater = capacity / 2
    }

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return depth
    }

    /// How many pushes (socket reads that found events) there have been.
    var pushes: Int {
        condition.lock()
        defer { condition.unlock() }
        return pushCount
    }

    /// Events waiting (caller holds the lock).
    private var depth: Int { incoming.count + draining.count - head }

    /// Appends events; returns false when the queue is above its high-water mark and the producer should
    /// pause until `onResume` fires.
    @discardableResult
    func push(_ events: [Event]) -> Bool {
        var events = events
        return push(&events)
    }

    /// As `push(_:)`, taking the events out of `events` (left empty): when the queue's incoming buffer is
    /// empty the two arrays are swapped, so the events are handed over rather than copied (each copy
    /// retains every field of a ~1.4 KB event and the emptied original releases them again).
    @discardableResult
    func push(_ events: inout [Event]) -> Bool {
        condition.lock()
        pushCount += 1
        if incoming.isEmpty {
            swap(&incoming, &events)
        } else {
            incoming.append(contentsOf: events)
            events.removeAll(keepingCapacity: true)
        }
        let now = depth
        if now >= wakeAt { condition.signal() }
        condition.unlock()
        return now < highWater
    }

    /// Registers a one-shot callback for when the queue drains below its low-water mark.
    func onResume(_ callback: @escaping @Sendable () -> Void) {
        condition.lock()
        if depth < lowWater {
            condition.unlock()
            callback()
            return
        }
        resumeCallbacks.append(callback)
        condition.unlock()
    }

    /// Waits up to `timeout` for events, then up to `gather` for more until `max` are queued, and takes at
    /// most `max` of them. Returns an empty array on timeout, and nil once the queue is closed and empty.
    ///
    /// `gather`: a web honeypot answering 12,000 requests/s ships its events one by one, and the writer
    /// took them ~10 to a store transaction, each transaction writing its dirtied b-tree pages to the WAL
    /// (and each push woke the writer). Under a saturating load the queue already holds `max` and nothing
    /// waits.
    func pop(max: Int, timeout: TimeInterval, gather: TimeInterval = 0) -> [Event]? {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while depth == 0 && !closed {
            if !condition.wait(until: deadline) { break }
        }
        if gather > 0, depth > 0, depth < max {
            wakeAt = max
            let until = Date(timeIntervalSinceNow: gather)
            while depth < max && !closed {
                if !condition.wait(until: until) { break }
            }
            wakeAt = 1
        }
        if depth == 0 {
            let result: [Event]? = closed ? nil : []
            condition.unlock()
            return result
        }
        if head == draining.count {
            // Swap buffers; the old one keeps its capacity for the producers.
            draining.removeAll(keepingCapacity: true)
            swap(&draining, &incoming)
            head = 0
        }
        let batch: [Event]
        if head == 0, draining.count <= max {
            // The whole buffer is the batch: handed over without copying its ~1.4 KB events (that copy was
            // half of the queue's cost under load); a fresh buffer of the same capacity takes its place.
            batch = draining
            draining = []
            draining.reserveCapacity(batch.count)
            head = 0
        } else {
            let end = min(draining.count, head + max)
            batch = Array(draining[head..<end])
            head = end
        }
        var callbacks: [@Sendable () -> Void] = []
        if depth < lowWater, !resumeCallbacks.isEmpty {
            callbacks = resumeCallbacks
            resumeCallbacks = []
        }
        condition.unlock()
        for c in callbacks { c() }
        return batch
    }

    /// No more events will be pushed; `pop` drains what is left, then returns nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
