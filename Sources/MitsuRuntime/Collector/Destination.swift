import Foundation
import MitsuCore

/// One place the collector writes events to (SQLite, events.jsonl), with the failure handling they share:
/// a failed write keeps its events, reports once a minute, and is retried; events that wait too long in
/// memory are spilled to a pending file that the next start imports, so a corrupt database or a full disk
/// costs no events, only freshness.
final class Destination: @unchecked Sendable {
    let name: String
    private let write: ([Event], [[UInt8]]?) throws -> Void
    private let flushBody: () throws -> Void
    private let pendingPath: String
    private var backlog: [Event] = []
    private var lastReportMS: Int64 = 0
    private(set) var failing = false
    private let report: (String) -> Void
    /// Backlog held in memory before it is spilled to the pending file.
    private let memoryCap: Int

    init(name: String, pendingPath: String, memoryCap: Int = 200_000, report: @escaping (String) -> Void,
         write: @escaping ([Event], [[UInt8]]?) throws -> Void, flush: @escaping () throws -> Void = {}) {
        self.name = name
        self.pendingPath = pendingPath
        self.memoryCap = memoryCap
        self.report = report
        self.write = write
        self.flushBody = flush
    }

    /// `lines` are the events' encoded forms, shared by all destinations of a batch.
    func append(_ events: [Event], lines: [[UInt8]]) {
        if !backlog.isEmpty {
            backlog.append(contentsOf: events)
            retry()
            return
        }
        do {
            try write(events, lines)
            failing = false
        } catch {
            fail(error)
            backlog.append(contentsOf: events)
            spillIfLarge()
        }
    }

    func flush() {
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

    /// At shutdown: whatever could not be written goes to the pending file.
    func close() {
        flush()
        if !backlog.isEmpty, PendingFile.append(backlog, to: pendingPath) { backlog.removeAll() }
        if !backlog.isEmpty { report("\(name): \(backlog.count) events could not be written or spooled") }
    }

    var backlogCount: Int { backlog.count }
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
