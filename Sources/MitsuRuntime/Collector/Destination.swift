import Foundation
import MitsuCore
import MitsuStore

/// One place the collector writes events to (SQLite, events.jsonl), with the failure handling they share:
/// a failed write keeps its events, reports once a minute, and is retried; events that wait too long in
/// memory are spilled to a pending file that the next start imports, so a corrupt database or a full disk
/// costs no events, only freshness.
///
/// Each destination writes on its own serial queue, so SQLite's inserts of one batch overlap the next
/// batch's enrichment, IDS and encoding on the collector's thread instead of following them (the two
/// halves took about the same time). At most `maxInFlight` batches wait: a slow store blocks the
/// collector's thread, whose queue then fills and pauses the socket readers, as before.
final class Destination: @unchecked Sendable {
    /// What the collector's thread already worked out from a batch, for its destinations to reuse: the
    /// events' encoded lines, and for the store the canonical addresses and rollup counts (`StoreBatch`).
    /// A backlog retried after a failure is written without it.
    struct Prepared: Sendable {
        var lines: [[UInt8]]
        var store: StoreBatch?
    }

    let name: String
    private let write: ([Event], Prepared?) throws -> Void
    private let flushBody: () throws -> Void
    private let pendingPath: String
    private var backlog: [Event] = []
    private var lastReportMS: Int64 = 0
    private var failing = false
    private let report: (String) -> Void
    /// Backlog held in memory before it is spilled to the pending file.
    private let memoryCap: Int
    /// Everything below `append`/`flush`/`close` runs here, in submission order; `backlog`, `failing` and
    /// `lastReportMS` are touched only on this queue.
    private let queue: DispatchQueue
    private let inFlight: DispatchSemaphore
    static let maxInFlight = 2

    init(name: String, pendingPath: String, memoryCap: Int = 200_000, report: @escaping (String) -> Void,
         write: @escaping ([Event], Prepared?) throws -> Void, flush: @escaping () throws -> Void = {}) {
        self.name = name
        self.pendingPath = pendingPath
        self.memoryCap = memoryCap
        self.report = report
        self.write = write
        self.flushBody = flush
        queue = DispatchQueue(label: "mitsu-collector-\(name)")
        inFlight = DispatchSemaphore(value: Self.maxInFlight)
    }

    /// Queues a batch; blocks while `maxInFlight` batches are still being written. `lines` are the events'
    /// encoded forms and `store` their `StoreBatch`, shared by all destinations of a batch.
    func append(_ events: [Event], lines: [[UInt8]], store: StoreBatch? = nil) {
        let prepared = Prepared(lines: lines, store: store)
        submit { $0.appendNow(events, prepared) }
    }

    /// Queues a flush of what was written so far.
    func flush() {
        submit { $0.flushNow() }
    }

    /// At shutdown: waits for every queued batch, then flushes; whatever could not be written goes to the
    /// pending file.
    func close() {
        queue.sync {
            flushNow()
            if !backlog.isEmpty, PendingFile.append(backlog, to: pendingPath) { backlog.removeAll() }
            if !backlog.isEmpty { report("\(name): \(backlog.count) events could not be written or spooled") }
        }
    }

    private func submit(_ work: @escaping @Sendable (Destination) -> Void) {
        inFlight.wait()
        queue.async { [self] in
            work(self)
            inFlight.signal()
        }
    }

    private func appendNow(_ events: [Event], _ prepared: Prepared) {
        if !backlog.isEmpty {
            backlog.append(contentsOf: events)
            retry()
            return
        }
        do {
            try write(events, prepared)
            failing = false
        } catch {
            fail(error)
            backlog.append(contentsOf: events)
            spillIfLarge()
        }
    }

    private func flushNow() {
        if !backlog.isEmpty { retry() }
        do { try flushBody() } catch { fail(error) }
    }

    private func retry() {
        do {
            try write(backlog, nil)
            backlog.removeAll(keepingCapacity: false)
            if failing { report("\(name): writing again, backlog delivered") }
            failing = false
        } catch {
            fail(error)
            spillIfLarge()
        }
    }

    private func fail(_ error: Error) {
        failing = true
        let now = Timestamp.now().millisecondsSince1970
        if now - lastReportMS >= 60_000 {
            lastReportMS = now
            report("\(name): \(error)")
        }
    }

    private func spillIfLarge() {
        guard backlog.count > memoryCap else { return }
        if PendingFile.append(backlog, to: pendingPath) { backlog.removeAll(keepingCapacity: false) }
    }

}

/// JSON-lines files of events waiting for a destination.
enum PendingFile {
    static func append(_ events: [Event], to path: String) -> Bool {
        var bytes: [UInt8] = []
        for e in events {
            bytes.append(contentsOf: EventCodec.encode(e))
            bytes.append(10)
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
    }

    /// Reads and removes a pending file; lines that do not decode are skipped and counted.
    static func take(_ path: String) -> (events: [Event], bad: Int) {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return ([], 0) }
        var events: [Event] = []
        var bad = 0
        for line in data.split(separator: 10) where !line.isEmpty {
            if let e = try? EventCodec.decode(line) { events.append(e) } else { bad += 1 }
        }
        return (events, bad)
    }
}
