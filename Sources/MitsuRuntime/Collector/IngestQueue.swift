import Foundation
import MitsuCore

/// The bounded hand-off between the socket readers (NIO threads) and the collector's writer thread.
///
/// Bounded so a flood cannot exhaust memory: above `highWater` the readers pause their sockets (workers
/// then block briefly and spool), and resume below `lowWater`. Nothing is dropped here.
final class IngestQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Event] = []
    private var head = 0
    private let highWater: Int
    private let lowWater: Int
    private var resumeCallbacks: [@Sendable () -> Void] = []
    private var closed = false

    init(capacity: Int) {
        highWater = capacity
        lowWater = capacity / 2
    }

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.count - head
    }

    /// Appends events; returns false when the queue is above its high-water mark and the producer should
    /// pause until `onResume` fires.
    @discardableResult
    func push(_ events: [Event]) -> Bool {
        condition.lock()
        items.append(contentsOf: events)
        let depth = items.count - head
        condition.signal()
        condition.unlock()
        return depth < highWater
    }

    /// Registers a one-shot callback for when the queue drains below its low-water mark.
    func onResume(_ callback: @escaping @Sendable () -> Void) {
        condition.lock()
        let depth = items.count - head
        if depth < lowWater {
            condition.unlock()
            callback()
            return
        }
        resumeCallbacks.append(callback)
        condition.unlock()
    }

    /// Waits up to `timeout` for events and takes at most `max` of them. Returns an empty array on timeout,
    /// and nil once the queue is closed and empty.
    func pop(max: Int, timeout: TimeInterval) -> [Event]? {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while items.count == head && !closed {
            if !condition.wait(until: deadline) { break }
        }
        if items.count == head {
            let result: [Event]? = closed ? nil : []
            condition.unlock()
            return result
        }
        let end = min(items.count, head + max)
        let batch = Array(items[head..<end])
        head = end
        if head > 65_536 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        var callbacks: [@Sendable () -> Void] = []
        if items.count - head < lowWater, !resumeCallbacks.isEmpty {
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
