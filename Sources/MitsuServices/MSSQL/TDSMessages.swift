/// Tabular Data Stream (MS-TDS) messages the honeypot reads: the 8-byte packet header, PRELOGIN and
/// LOGIN7 (with the password's XOR/nibble-swap obfuscation undone). Parsers return nil when malformed.
public enum TDS {
    public static let headerLength = 8
    public enum PacketType: UInt8 {
        case sqlBatch = 0x01, rpc = 0x03, tabularResult = 0x04, attention = 0x06, login7 = 0x10, preLogin = 0x12
    }

    /// One packet: type, status (0x01 end of message), big-endian length including the header, SPID,
    /// packet id, window.
    public static func packet(_ type: PacketType, _ payload: [UInt8], packetID: UInt8 = 1) -> [UInt8] {
        var p: [UInt8] = [type.rawValue, 0x01]
        p.appendBE16(headerLength + payload.count)
        p += [0x00, 0x00, packetID, 0x00]
        return p + payload
    }

    /// UTF-16LE, as every TDS string travels.
    public static func utf16(_ s: String) -> [UInt8] {
        s.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }

    public static func string(utf16 bytes: ArraySlice<UInt8>) -> String {
        var units: [UInt16] = []
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            units.append(UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// The LOGIN7 password obfuscation is reversible: each byte had its nibbles swapped and was XORed
    /// with 0xA5.
    public static func decodePassword(_ bytes: ArraySlice<UInt8>) -> String {
        let plain = bytes.map { b -> UInt8 in
            let x = b ^ 0xA5
            return (x << 4) | (x >> 4)
        }
        return string(utf16: plain[...])
    }

    public static func encodePassword(_ password: String) -> [UInt8] {
        utf16(password).map { b in ((b << 4) | (b >> 4)) ^ 0xA5 }
    }

    /// What a client's PRELOGIN says about itself.
    public struct PreLogin: Equatable, Sendable {
        /// Client library version (`major.minor.build.subbuild`) when sent.
        public var version: String?
        /// 0 off, 1 on, 2 not supported, 3 required.
        public var encryption: UInt8?

        public static func parse(_ payload: [UInt8]) -> PreLogin? {
            var r = ByteReader(payload)
            var result = PreLogin()
            var entries = 0
            while let token = r.u8(), token != 0xff {
                entries += 1
                guard entries <= 32, let offset = r.u16be(), let length = r.u16be() else { return nil }
                let start = Int(offset), end = start + Int(length)
                guard end <= payload.count else { return nil }
                let value = payload[start..<end]
                switch token {
                case 0x00 where value.count >= 6:
                    let v = Array(value)
                    result.version = "\(v[0]).\(v[1]).\(Int(v[2]) << 8 | Int(v[3])).\(Int(v[4]) << 8 | Int(v[5]))"
                case 0x01 where value.count >= 1:
                    result.encryption = value.first
                default:
                    break
                }
            }
            return result
        }
    }

    public struct Login7: Equatable, Sendable {
        public var tdsVersion: UInt32
        public var hostname: String
        public var username: String
        public var password: String
        public var appName: String
        public var serverName: String
        public var library: String
        public var database: String
        /// Integrated (NTLM/Kerberos) authentication was offered instead of a SQL login.
        public var usesSSPI: Bool

        public static func parse(_ payload: [UInt8]) -> Login7? {
            var r = ByteReader(payload)
            guard let length = r.u32le(), length >= 94, Int(length) <= payload.count,
                  let version = r.u32le(), r.skip(4 + 4 + 4 + 4), let flags1 = r.u8(), let flags2 = r.u8(),
                  r.skip(1 + 1 + 4 + 4) else { return nil }
            _ = flags1
            var fields: [(Int, Int)] = []
            for _ in 0..<9 {
                guard let offset = r.u16le(), let count = r.u16le() else { return nil }
                fields.append((Int(offset), Int(count)))
            }
            guard r.skip(6), let sspiOffset = r.u16le(), let sspiLength = r.u16le() else { return nil }
            _ = sspiOffset
            func text(_ i: Int, password: Bool = false) -> String? {
                let (offset, chars) = fields[i]
                guard chars <= 256 else { return nil }
                let end = offset + chars * 2
                guard chars == 0 || (offset >= 36 && end <= Int(length)) else { return nil }
                let bytes = chars == 0 ? [] : payload[offset..<end]
                return password ? decodePassword(bytes) : string(utf16: bytes)
            }
            // Field order: host, user, password, app, server, extension, library, language, database.
            guard let host = text(0), let user = text(1), let pass = text(2, password: true), let app = text(3), let server = text(4),
                  let library = text(6), let database = text(8) else { return nil }
            return Login7(tdsVersion: version, hostname: host, username: user, password: pass, appName: app,
                          serverName: server, library: library, database: database,
                          usesSSPI: flags2 & 0x80 != 0 || sspiLength > 0)
        }
    }

    /// The SQL text of a SQL batch: UTF-16LE after the ALL_HEADERS block TDS 7.2+ clients put first.
    public static func batchText(_ payload: [UInt8]) -> String? {
        var r = ByteReader(payload)
        guard let total = r.u32le() else { return nil }
        // ALL_HEADERS' length counts itself; a pre-7.2 batch has none and starts with text directly.
        let start = (total >= 4 && Int(total) <= payload.count && total < 1024) ? Int(total) : 0
        return string(utf16: payload[start...])
    }
}
