import MitsuCore
import MitsuStore

/// The explore page's exports. NDJSON and JSON carry the stored lines unchanged; CSV flattens the
/// commonly used fields, each cell defused against spreadsheet formulas (`CSVWriter`).
enum Exporter {
    static let csvColumns = ["@timestamp", "event", "honeypot", "session", "src_ip", "src_port", "dest_port", "protocol",
                             "username", "password", "country", "asn", "input", "url", "http_method", "http_uri", "user_agent", "sha256"]

    static func csv(_ events: [StoredEvent]) -> String {
        // Our own header, written as is (`@timestamp` would otherwise be defused like attacker text).
        var out = csvColumns.joined(separator: ",") + "\r\n"
        for s in events {
            let e = s.event
            out += CSVWriter.row([
                e.timestamp.iso8601, e.kind.rawValue, e.honeypot, e.session?.rawValue, e.srcIP, e.srcPort.map(String.init),
                e.destPort.map(String.init), e.protocol, e.username, e.password, e.geoip?.countryCode2, e.geoip?.asn.map(String.init),
                e.input, e.url, e.http?.method, e.http?.uri, e.http?.userAgent, e.sha256,
            ])
        }
        return out
    }

    static func ndjson(_ events: [StoredEvent]) -> String {
        events.map { $0.json + "\n" }.joined()
    }

    static func jsonArray(_ events: [StoredEvent]) -> String {
        "[" + events.map(\.json).joined(separator: ",\n") + "]\n"
    }
}
