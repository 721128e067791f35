/// TFTP packets (RFC 1350) with options (RFC 2347): parsing that returns nil on anything malformed, and
/// the encoders the server needs.
public enum TFTPPacket: Equatable, Sendable {
    case readRequest(TFTPRequest)
    case writeRequest(TFTPRequest)
    case data(block: UInt16, bytes: [UInt8])
    case ack(block: UInt16)
    case error(code: UInt16, message: String)
    case optionAck([(String, String)])

    public static func == (a: TFTPPacket, b: TFTPPacket) -> Bool {
        switch (a, b) {
        case (.readRequest(let x), .readRequest(let y)), (.writeRequest(let x), .writeRequest(let y)): return x == y
        case (.data(let b1, let d1), .data(let b2, let d2)): return b1 == b2 && d1 == d2
        case (.ack(let x), .ack(let y)): return x == y
        case (.error(let c1, let m1), .error(let c2, let m2)): return c1 == c2 && m1 == m2
        case (.optionAck(let x), .optionAck(let y)): return x.map { $0.0 + "=" + $0.1 } == y.map { $0.0 + "=" + $0.1 }
        default: return false
        }
    }

    /// The largest packet the server accepts: a DATA of the largest block size RFC 2348 allows.
    public static let maxLength = 4 + 65464

    public static func parse(_ p: [UInt8]) -> TFTPPacket? {
        guard p.count >= 4, p.count <= maxLength else { return nil }
        let opcode = UInt16(p[0]) << 8 | UInt16(p[1])
        let value = UInt16(p[2]) << 8 | UInt16(p[3])
        switch opcode {
        case 1, 2:
            guard let r = TFTPRequest.parse(Array(p[2...])) else { return nil }
            return opcode == 1 ? .readRequest(r) : .writeRequest(r)
        case 3: return .data(block: value, bytes: Array(p[4...]))
        case 4: return p.count == 4 ? .ack(block: value) : nil
        case 5:
            let text = p[4...].prefix { $0 != 0 }
            return .error(code: value, message: String(decoding: text.prefix(256), as: UTF8.self))
        default: return nil
        }
    }

    public var bytes: [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xff)] }
        switch self {
        case .readRequest(let r): return u16(1) + r.bytes
        case .writeRequest(let r): return u16(2) + r.bytes
        case .data(let block, let bytes): return u16(3) + u16(block) + bytes
        case .ack(let block): return u16(4) + u16(block)
        case .error(let code, let message): return u16(5) + u16(code) + Array(message.utf8) + [0]
        case .optionAck(let options): return u16(6) + options.flatMap { Array($0.0.utf8) + [0] + Array($0.1.utf8) + [0] }
        }
    }
}

/// The body of a RRQ/WRQ: file name, mode and options (names lower-cased, as RFC 2347 says they are
/// case-insensitive).
public struct TFTPRequest: Equatable, Sendable {
    public var filename: String
    public var mode: String
    public var options: [(name: String, value: String)]

    public init(filename: String, mode: String, options: [(name: String, value: String)] = []) {
        self.filename = filename
        self.mode = mode
        self.options = options
    }

    public static func == (a: TFTPRequest, b: TFTPRequest) -> Bool {
        a.filename == b.filename && a.mode == b.mode && a.options.map { $0.name + "=" + $0.value } == b.options.map { $0.name + "=" + $0.value }
    }

    public func option(_ name: String) -> String? { options.first { $0.name == name }?.value }

    /// Strings separated by NULs; the last must be terminated. Bounded: 512-byte request (RFC 1350's
    /// packet size), 255 bytes per field, at most 16 options.
    static func parse(_ body: [UInt8]) -> TFTPRequest? {
        guard body.count <= 512, body.last == 0 else { return nil }
        let fields = body.dropLast().split(separator: 0, omittingEmptySubsequences: false)
        guard fields.count >= 2, fields.count % 2 == 0, fields.count <= 2 + 32,
              fields.allSatisfy({ $0.count <= 255 }), !fields[0].isEmpty else { return nil }
        let text = fields.map { String(decoding: $0, as: UTF8.self) }
        let mode = text[1].lowercased()
        guard ["netascii", "octet", "mail"].contains(mode) else { return nil }
        var options: [(String, String)] = []
        var i = 2
        while i + 1 < text.count {
            options.append((text[i].lowercased(), text[i + 1]))
            i += 2
        }
        return TFTPRequest(filename: text[0], mode: mode, options: options)
    }

    var bytes: [UInt8] {
        var out = Array(filename.utf8) + [0] + Array(mode.utf8) + [0]
        for o in options { out += Array(o.name.utf8) + [0] + Array(o.value.utf8) + [0] }
        return out
    }
}

/// netascii (RFC 764): CR LF for a newline, CR NUL for a bare CR.
public enum NetASCII {
    public static func decode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A || bytes[i + 1] == 0 {
                out.append(bytes[i + 1] == 0x0A ? 0x0A : 0x0D)
                i += 2
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    public static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for b in bytes {
            switch b {
            case 0x0A: out += [0x0D, 0x0A]
            case 0x0D: out += [0x0D, 0x00]
            default: out.append(b)
            }
        }
        return out
    }
}
