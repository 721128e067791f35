/// The fields of a TLS ClientHello that fingerprints (JA3, JA4) and events need, read from the first
/// bytes a client sends. Sans-I/O and bounded: `parse` looks at most at `maxBytes`, reassembles a
/// handshake message split over several records, and says `needMore` until the message is complete.
///
/// Pure Swift without Foundation, so Fuzz/ builds it alone.
public struct TLSClientHello: Sendable, Equatable {
    /// `client_version` (0x0303 for TLS 1.2 and 1.3 clients).
    public var legacyVersion: UInt16 = 0
    /// In the order offered, GREASE included (the fingerprints drop it).
    public var cipherSuites: [UInt16] = []
    public var extensions: [UInt16] = []
    public var supportedGroups: [UInt16] = []
    public var pointFormats: [UInt8] = []
    public var signatureAlgorithms: [UInt16] = []
    public var supportedVersions: [UInt16] = []
    public var serverName: String?
    public var alpn: [[UInt8]] = []

    public enum ParseResult: Sendable, Equatable {
        case hello(TLSClientHello)
        case needMore
        /// Not a ClientHello, or one that breaks its own length fields; the reason is for the event.
        case invalid(String)
    }

    /// Largest ClientHello we wait for (post-quantum key shares make ~1.8 KiB ones common).
    public static let maxBytes = 16 << 10

    public static func parse(_ bytes: [UInt8]) -> ParseResult {
        // Records: type 22 (handshake), version, length; fragments concatenated into one handshake stream.
        var handshake: [UInt8] = []
        var i = 0
        while i < min(bytes.count, maxBytes) {
            guard i + 5 <= bytes.count else { return .needMore }
            guard bytes[i] == 22 else { return handshake.isEmpty ? .invalid("not a TLS handshake record") : .invalid("record type \(bytes[i]) inside the ClientHello") }
            guard bytes[i + 1] == 3 || (bytes[i + 1] == 2 && bytes[i + 2] == 0) else { return .invalid("record version \(bytes[i + 1]).\(bytes[i + 2])") }
            let length = Int(bytes[i + 3]) << 8 | Int(bytes[i + 4])
            guard length > 0 && length <= 16384 + 256 else { return .invalid("record length \(length)") }
            guard i + 5 + length <= bytes.count else {
                handshake += bytes[(i + 5)...]
                break
            }
            handshake += bytes[(i + 5)..<(i + 5 + length)]
            i += 5 + length
            if handshake.count >= 4 {
                let needed = 4 + (Int(handshake[1]) << 16 | Int(handshake[2]) << 8 | Int(handshake[3]))
                if handshake.count >= needed { break }
            }
        }
        guard handshake.count >= 4 else { return bytes.count >= maxBytes ? .invalid("too large") : .needMore }
        guard handshake[0] == 1 else { return .invalid("handshake type \(handshake[0]), not ClientHello") }
        let bodyLength = Int(handshake[1]) << 16 | Int(handshake[2]) << 8 | Int(handshake[3])
        guard bodyLength <= maxBytes else { return .invalid("ClientHello length \(bodyLength)") }
        guard handshake.count >= 4 + bodyLength else { return bytes.count >= maxBytes ? .invalid("too large") : .needMore }
        var r = Reader(handshake[4..<(4 + bodyLength)])
        do {
            return .hello(try body(&r))
        } catch let e as Malformed {
            return .invalid(e.reason)
        } catch {
            return .invalid("malformed")
        }
    }

    struct Malformed: Error { var reason: String }

    private static func body(_ r: inout Reader) throws -> TLSClientHello {
        var h = TLSClientHello()
        h.legacyVersion = try r.u16("version")
        try r.skip(32, "random")
        try r.skip(Int(try r.u8("session id length")), "session id")
        let suites = try r.u16("cipher suites length")
        guard suites % 2 == 0 else { throw Malformed(reason: "odd cipher suites length") }
        var s = Reader(try r.take(Int(suites), "cipher suites"))
        while !s.isEmpty { h.cipherSuites.append(try s.u16("cipher suite")) }
        try r.skip(Int(try r.u8("compression length")), "compression methods")
        // SSL 3.0-style hellos end here: no extensions.
        guard !r.isEmpty else { return h }
        var exts = Reader(try r.take(Int(try r.u16("extensions length")), "extensions"))
        while !exts.isEmpty {
            let type = try exts.u16("extension type")
            var data = Reader(try exts.take(Int(try exts.u16("extension length")), "extension data"))
            h.extensions.append(type)
            switch type {
            case 0x0000: h.serverName = try serverName(&data)
            case 0x000a: h.supportedGroups = try list16(&data, "supported groups")
            case 0x000b:
                let n = Int(try data.u8("point formats length"))
                h.pointFormats = Array(try data.take(n, "point formats"))
            case 0x000d: h.signatureAlgorithms = try list16(&data, "signature algorithms")
            case 0x0010:
                var list = Reader(try data.take(Int(try data.u16("alpn length")), "alpn"))
                while !list.isEmpty { h.alpn.append(Array(try list.take(Int(try list.u8("alpn name length")), "alpn name"))) }
            case 0x002b:
                let n = Int(try data.u8("supported versions length"))
                var v = Reader(try data.take(n, "supported versions"))
                while !v.isEmpty { h.supportedVersions.append(try v.u16("supported version")) }
            default: break
            }
        }
        return h
    }

    private static func list16(_ r: inout Reader, _ what: String) throws -> [UInt16] {
        var l = Reader(try r.take(Int(try r.u16(what + " length")), what))
        var out: [UInt16] = []
        while !l.isEmpty { out.append(try l.u16(what)) }
        return out
    }

    /// The first host_name entry, kept printable (it is attacker text, and a fingerprint field).
    private static func serverName(_ r: inout Reader) throws -> String? {
        var list = Reader(try r.take(Int(try r.u16("server name list length")), "server name list"))
        while !list.isEmpty {
            let type = try list.u8("server name type")
            let name = try list.take(Int(try list.u16("server name length")), "server name")
            if type == 0 {
                return String(decoding: name.prefix(255).map { $0 >= 0x20 && $0 < 0x7f ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            }
        }
        return nil
    }

    struct Reader {
        var bytes: ArraySlice<UInt8>
        init(_ b: ArraySlice<UInt8>) { bytes = b }
        var isEmpty: Bool { bytes.isEmpty }

        mutating func take(_ n: Int, _ what: String) throws -> ArraySlice<UInt8> {
            guard n <= bytes.count else { throw Malformed(reason: "truncated \(what)") }
            let out = bytes.prefix(n)
            bytes = bytes.dropFirst(n)
            return out
        }

        mutating func skip(_ n: Int, _ what: String) throws { _ = try take(n, what) }

        mutating func u8(_ what: String) throws -> UInt8 { try take(1, what).first! }

        mutating func u16(_ what: String) throws -> UInt16 {
            let b = try take(2, what)
            return UInt16(b[b.startIndex]) << 8 | UInt16(b[b.startIndex + 1])
        }
    }
}
