import ArgumentParser
import Foundation
import MitsuCore
import MitsuRuntime
import MitsuStore

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Query stored events.")

    @Option(name: .long, help: "Data directory.")
    var data: String = "./data"

    @Option(name: .long, help: "Only events newer than this: 30s, 15m, 1h, 7d.")
    var since: String?

    @Option(name: .long, help: "Honeypot name (trap, ssh, …).")
    var honeypot: String?

    @Option(name: .long, help: "Event kind, e.g. payload, login.failed.")
    var event: String?

    @Option(name: .customLong("src-ip"), help: "Source address or CIDR (IPv4 or IPv6).")
    var srcIP: String?

    @Option(name: .long, help: "Session id (12 hex digits).")
    var session: String?

    @Option(name: .long, help: "Most events to show.")
    var limit: Int = 100

    @Flag(name: .long, help: "One JSON object per line instead of a table.")
    var json = false

    func run() throws {
        var q = EventQuery(limit: limit, newestFirst: !json)
        if let since {
            guard let ms = DurationText.milliseconds(since) else {
                throw ValidationError("--since: expected a duration such as 30s, 15m, 1h or 7d, got '\(since)'")
            }
            q.since = Timestamp.now().adding(milliseconds: -ms)
        }
        q.honeypot = honeypot
        if let event {
            guard let kind = EventKind(rawValue: event) else {
                throw ValidationError("--event: unknown kind '\(event)'; see docs/events.md")
            }
            q.kind = kind
        }
        q.srcIP = srcIP
        if let session {
            guard let id = SessionID(session) else { throw ValidationError("--session: expected 12 hex digits") }
            q.session = id
        }
        let paths = DataPaths(root: data)
        guard FileManager.default.fileExists(atPath: paths.databasePath) else {
            throw ValidationError("no event store at \(paths.databasePath) (has `mitsu run --data \(data)` run?)")
        }
        let store = try SQLiteEventStore(path: paths.databasePath, retentionDays: 36_500)
        var events = try store.query(q)
        if json {
            if q.newestFirst { events.reverse() }
            for e in events { print(EventCodec.encodeString(e)) }
        } else {
            for e in events { print(EventTable.row(e)) }
        }
    }
}

enum DurationText {
    static func milliseconds(_ text: String) -> Int64? {
        guard let unit = text.last, let n = Int64(text.dropLast()), n >= 0 else { return nil }
        switch unit {
        case "s": return n * 1000
        case "m": return n * 60_000
        case "h": return n * 3_600_000
        case "d": return n * 86_400_000
        default: return nil
        }
    }
}

enum EventTable {
    /// One line per event for a terminal: time, kind, honeypot, source, destination port, the key detail.
    static func row(_ e: Event) -> String {
        let src = e.srcIP.map { ip in ip.contains(":") ? "[\(ip)]:\(e.srcPort ?? 0)" : "\(ip):\(e.srcPort ?? 0)" } ?? "-"
        var detail = ""
        if let u = e.username { detail += "user=\(u) " }
        if let p = e.password { detail += "pass=\(p) " }
        if let i = e.input { detail += "input=\(i) " }
        if let p = e.payload { detail += "payload \(p.length) B sha256=\(p.sha256) " }
        if let m = e.message { detail += m }
        let safe = String(detail.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "." : Character($0) })
        return "\(e.timestamp.iso8601)  \(e.kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(e.honeypot.padding(toLength: 10, withPad: " ", startingAt: 0)) \(src.padding(toLength: 22, withPad: " ", startingAt: 0)) \(e.destPort.map(String.init) ?? "-")\t\(safe)"
    }
}
