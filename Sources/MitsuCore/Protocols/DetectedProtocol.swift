/// What protocol detection found in a client's first bytes: the protocol's label and the few fields a
/// recogniser could read on the way (each optional, each capped). Pure Swift, no Foundation, so Fuzz/
/// builds the detector alone; turning this into event fields (and hashing) is `Event.apply(_:)`.
public struct DetectedProtocol: Sendable, Equatable {
    /// The labels `protocol` takes; Suricata's app-layer names where Suricata has one.
    public enum Label: String, Sendable, CaseIterable {
        case http, docker, tls, ssh, rdp, smb, redis, mqtt, sip, dns, telnet, mysql, mssql, adb, unknown
    }

    public var label: Label
    // HTTP and SIP request lines and the headers events carry.
    public var method: String?
    public var uri: String?
    public var version: String?
    public var host: String?
    public var userAgent: String?
    public var from: String?
    public var to: String?
    public var callID: String?
    /// The parsed ClientHello (`tls`): JA3/JA4 are computed from it when the event is built.
    public var tlsHello: TLSClientHello?
    /// SSH identification line (without CR LF), ADB's CNXN banner, a TDS PRELOGIN's client version.
    public var clientVersion: String?
    /// SSH: `kex;ciphers_c2s;macs_c2s;compression_c2s` from the client's KEXINIT (HASSH is its MD5).
    public var hasshAlgorithms: String?
    /// RDP `mstshash` cookie, MQTT user name, MySQL user.
    public var username: String?
    /// MQTT client identifier.
    public var clientID: String?
    /// MySQL: the database of a handshake response.
    public var database: String?
    /// Redis: the first command with its arguments, space-separated.
    public var command: String?
    /// DNS: the first question.
    public var queryName: String?
    public var queryType: UInt16?

    public init(_ label: Label) { self.label = label }

    /// Longest string a recogniser keeps from attacker bytes.
    static let maxText = 256
}

/// Bounded, non-trapping reads over the payload shared by the recognisers.
struct PayloadCursor {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { max(0, end - offset) }

    mutating func u8() -> UInt8? {
        guard offset < end, offset >= 0 else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16? {
        guard let a = u8(), let b = u8() else { return nil }
        return UInt16(a) << 8 | UInt16(b)
    }

    mutating func u16le() -> UInt16? {
        guard let a = u8(), let b = u8() else { return nil }
        return UInt16(b) << 8 | UInt16(a)
    }

    mutating func u32() -> UInt32? {
        guard let a = u16(), let b = u16() else { return nil }
        return UInt32(a) << 16 | UInt32(b)
    }

    mutating func u32le() -> UInt32? {
        guard let a = u16le(), let b = u16le() else { return nil }
        return UInt32(b) << 16 | UInt32(a)
    }

    /// `n` bytes as a range of `bytes`, or nil when fewer remain.
    mutating func take(_ n: Int) -> Range<Int>? {
        guard n >= 0, n <= remaining else { return nil }
        defer { offset += n }
        return offset..<(offset + n)
    }

    mutating func skip(_ n: Int) -> Bool { take(n) != nil }
}

enum ProtocolText {
    /// Attacker bytes as text: non-printable ASCII replaced by `?`, at most `DetectedProtocol.maxText` bytes.
    static func printable(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        let r = range.clamped(to: 0..<bytes.count)
        var out: [UInt8] = []
        out.reserveCapacity(min(r.count, DetectedProtocol.maxText))
        for b in bytes[r].prefix(DetectedProtocol.maxText) {
            out.append(b >= 0x20 && b < 0x7f ? b : UInt8(ascii: "?"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The index of the first `\n` at or after `start` and before `limit`, or nil.
    static func lineEnd(_ bytes: [UInt8], from start: Int, limit: Int) -> Int? {
        var i = start
        let stop = min(limit, bytes.count)
        while i < stop {
            if bytes[i] == 0x0a { return i }
            i += 1
        }
        return nil
    }

    /// `start..<lf`, minus a trailing CR.
    static func trimCR(_ bytes: [UInt8], _ start: Int, _ lf: Int) -> Range<Int> {
        lf > start && bytes[lf - 1] == 0x0d ? start..<(lf - 1) : start..<lf
    }

    static func hasPrefix(_ bytes: [UInt8], _ prefix: String, at start: Int = 0, ignoringCase: Bool = false) -> Bool {
        var i = start
        for c in prefix.utf8 {
            guard i < bytes.count else { return false }
            let b = bytes[i]
            if ignoringCase ? lower(b) != lower(c) : b != c { return false }
            i += 1
        }
        return true
    }

    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5a ? b + 0x20 : b }

    /// Case-insensitive prefix test against a lowercase ASCII name (header names).
    static func hasPrefix(_ bytes: [UInt8], _ lowercaseName: StaticString, at start: Int) -> Bool {
        let n = lowercaseName.utf8CodeUnitCount
        guard start >= 0, start + n <= bytes.count else { return false }
        return lowercaseName.withUTF8Buffer { name in
            for i in 0..<n where lower(bytes[start + i]) != name[i] { return false }
            return true
        }
    }

    static func isTokenChar(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
    }
}
