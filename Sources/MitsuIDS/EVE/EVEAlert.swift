import Foundation
import MitsuCore

/// Turns one line of a real Suricata's eve.json into an `ids.alert` event with the same fields MitsuIDS
/// writes, so alerts from both sources share the dashboard. Lines that are not alerts give nil.
public enum EVEAlert {
    /// eve.json lines with packet and payload dumps can be long; anything longer is not an alert we keep.
    public static let maxLineBytes = 1 << 20

    public static func event(fromLine line: some Collection<UInt8>, honeypot: String = "suricata") -> Event? {
        guard line.count <= maxLineBytes, !line.isEmpty,
              let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              obj["event_type"] as? String == "alert",
              let alert = obj["alert"] as? [String: Any],
              let sid = (alert["signature_id"] as? NSNumber)?.intValue,
              let signature = alert["signature"] as? String else { return nil }
        let stamp = (obj["timestamp"] as? String).flatMap(timestamp) ?? .now()
        var e = Event(kind: .idsAlert, honeypot: honeypot, timestamp: stamp)
        e.srcIP = obj["src_ip"] as? String
        e.srcPort = (obj["src_port"] as? NSNumber)?.intValue
        e.destIP = obj["dest_ip"] as? String
        e.destPort = (obj["dest_port"] as? NSNumber)?.intValue
        e.transport = (obj["proto"] as? String)?.lowercased()
        e.protocol = obj["app_proto"] as? String
        var cves: [String] = []
        if let meta = alert["metadata"] as? [String: Any], let list = meta["cve"] as? [String] {
            for c in list {
                var s = c.uppercased().replacingOccurrences(of: "_", with: "-")
                if !s.hasPrefix("CVE-") { s = "CVE-" + s }
                if !cves.contains(s) { cves.append(s) }
            }
        }
        e.alert = AlertInfo(signatureID: sid, signature: signature, category: alert["category"] as? String,
                            severity: (alert["severity"] as? NSNumber)?.intValue, cveIDs: cves.isEmpty ? nil : cves,
                            rev: (alert["rev"] as? NSNumber)?.intValue)
        return e
    }

    /// Suricata writes `2024-04-19T10:00:00.123456+0000`; the core parser wants `+00:00`.
    static func timestamp(_ text: String) -> Timestamp? {
        if let t = Timestamp(iso8601: text) { return t }
        let u = Array(text.utf8)
        guard u.count > 5, u[u.count - 5] == UInt8(ascii: "+") || u[u.count - 5] == UInt8(ascii: "-") else { return nil }
        return Timestamp(iso8601: String(text.dropLast(2)) + ":" + String(text.suffix(2)))
    }
}

/// Follows an eve.json file like `tail -F`: `poll()` returns the alert events appended since the last call,
/// starting at the end of the file, and starts over when the file is rotated (shrinks or is replaced).
public final class EVETail: @unchecked Sendable {
    public let path: String
    private var offset: UInt64
    private var inode: UInt64
    private var partial: [UInt8] = []
    private let lock = Lock()

    public init(path: String, fromStart: Bool = false) {
        self.path = path
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        offset = fromStart ? 0 : (attrs?[.size] as? NSNumber)?.uint64Value ?? 0
        inode = (attrs?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    /// Reads at most `maxBytes` per call so one huge burst cannot stall the caller.
    public func poll(maxBytes: Int = 8 << 20) -> [Event] {
        lock.withLock {
            guard let attrs = try? FileManager.default.attributesOfItem(atPath: path) else { return [] }
            let size = (attrs[.size] as? NSNumber)?.uint64Value ?? 0
            let ino = (attrs[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
            if ino != inode || size < offset { offset = 0; inode = ino; partial = [] }
            guard size > offset, let h = FileHandle(forReadingAtPath: path) else { return [] }
            defer { try? h.close() }
            try? h.seek(toOffset: offset)
            let data = (try? h.read(upToCount: maxBytes)) ?? Data()
            offset += UInt64(data.count)
            var buf = partial + [UInt8](data)
            var out: [Event] = []
            var start = 0
            while let nl = buf[start...].firstIndex(of: 10) {
                if let e = EVEAlert.event(fromLine: buf[start..<nl]) { out.append(e) }
                start = nl + 1
            }
            buf.removeFirst(start)
            partial = buf.count <= EVEAlert.maxLineBytes ? buf : []
            return out
        }
    }
}
