/// MySQL client/server protocol packets the honeypot writes and reads (protocol 4.1).
public enum MySQLPackets {
    public static let clientConnectWithDB: UInt32 = 0x0000_0008
    public static let clientProtocol41: UInt32 = 0x0000_0200
    public static let clientSSL: UInt32 = 0x0000_0800
    public static let clientSecureConnection: UInt32 = 0x0000_8000
    public static let clientPluginAuth: UInt32 = 0x0008_0000
    public static let clientConnectAttrs: UInt32 = 0x0010_0000
    public static let clientPluginAuthLenencData: UInt32 = 0x0020_0000

    /// What a MariaDB 10.11 server announces, without SSL (so clients log in in the clear), session
    /// tracking and deprecate-EOF (so replies keep the classic EOF framing).
    public static let serverCapabilities: UInt32 = 0x007f_f7fe

    /// One packet: 3-byte length, sequence id, payload.
    public static func frame(_ payload: [UInt8], sequence: UInt8) -> [UInt8] {
        let n = payload.count
        return [UInt8(n & 0xff), UInt8((n >> 8) & 0xff), UInt8((n >> 16) & 0xff), sequence] + payload
    }

    /// Protocol 10 greeting with a 20-byte salt split 8 + 12 as the protocol wants it.
    public static func handshake(version: String, connectionID: UInt32, salt: [UInt8], plugin: String) -> [UInt8] {
        var p: [UInt8] = [0x0a]
        p += Array(version.utf8) + [0]
        p.appendLE32(Int(connectionID))
        p += salt.prefix(8) + [0]
        p.appendLE16(Int(serverCapabilities & 0xffff))
        p.append(45) // utf8mb4_general_ci, MariaDB 10.11's default
        p.appendLE16(0x0002) // SERVER_STATUS_AUTOCOMMIT
        p.appendLE16(Int(serverCapabilities >> 16))
        p.append(21)
        p += [UInt8](repeating: 0, count: 10)
        p += salt.dropFirst(8).prefix(12) + [0]
        p += Array(plugin.utf8) + [0]
        return p
    }

    public static func ok(affectedRows: Int = 0) -> [UInt8] {
        var p: [UInt8] = [0x00, UInt8(min(affectedRows, 250)), 0x00]
        p.appendLE16(0x0002)
        p.appendLE16(0)
        return p
    }

    public static func error(code: Int, state: String, message: String) -> [UInt8] {
        var p: [UInt8] = [0xff]
        p.appendLE16(code)
        p += Array(("#" + state).utf8) + Array(message.utf8)
        return p
    }

    public static func eof() -> [UInt8] { [0xfe, 0x00, 0x00, 0x02, 0x00] }

    /// A one-column, one-row text result set (header, column, EOF, row, EOF), starting at `sequence`.
    public static func resultSet(column: String, value: String, sequence: UInt8) -> [UInt8] {
        func lenenc(_ s: String) -> [UInt8] {
            let b = Array(s.utf8.prefix(250))
            return [UInt8(b.count)] + b
        }
        var column41: [UInt8] = lenenc("def") + lenenc("") + lenenc("") + lenenc("") + lenenc(column) + lenenc("")
        column41.append(0x0c)
        column41.appendLE16(45)
        column41.appendLE32(1024)
        column41 += [0xfd, 0x00, 0x00, 0x27, 0x00, 0x00] // VAR_STRING, flags, decimals, filler
        var out: [UInt8] = []
        var seq = sequence
        for payload in [[0x01], column41, eof(), lenenc(value), eof()] {
            out += frame(payload, sequence: seq)
            seq &+= 1
        }
        return out
    }

    /// `HandshakeResponse41` as a client sends it; nil when malformed.
    public struct HandshakeResponse: Equatable, Sendable {
        public var capabilities: UInt32
        public var username: String
        public var authResponse: [UInt8]
        public var database: String?
        public var plugin: String?
        /// `_client_name`, `_client_version`, … when the client sent connection attributes.
        public var attributes: [String: String]

        public static func parse(_ payload: [UInt8]) -> HandshakeResponse? {
            var r = ByteReader(payload)
            guard let caps = r.u32le(), caps & clientProtocol41 != 0, r.skip(4 + 1 + 23),
                  let user = r.cString(max: 256) else { return nil }
            let auth: [UInt8]
            if caps & clientPluginAuthLenencData != 0 {
                guard let n = r.lengthEncoded(), n <= 256, let a = r.read(Int(n)) else { return nil }
                auth = a
            } else if caps & clientSecureConnection != 0 {
                guard let n = r.u8(), let a = r.read(Int(n)) else { return nil }
                auth = a
            } else {
                guard let a = r.cString(max: 256) else { return nil }
                auth = a
            }
            var database: String?
            if caps & clientConnectWithDB != 0, !r.isAtEnd {
                guard let d = r.cString(max: 256) else { return nil }
                database = String(decoding: d, as: UTF8.self)
            }
            var plugin: String?
            if caps & clientPluginAuth != 0, !r.isAtEnd {
                guard let p = r.cString(max: 64) else { return nil }
                plugin = String(decoding: p, as: UTF8.self)
            }
            var attributes: [String: String] = [:]
            if caps & clientConnectAttrs != 0, let total = r.lengthEncoded(), total <= 4096, let raw = r.read(Int(total)) {
                var a = ByteReader(raw)
                while !a.isAtEnd, attributes.count < 32 {
                    guard let kn = a.lengthEncoded(), kn <= 256, let k = a.read(Int(kn)),
                          let vn = a.lengthEncoded(), vn <= 1024, let v = a.read(Int(vn)) else { break }
                    attributes[String(decoding: k, as: UTF8.self)] = String(decoding: v, as: UTF8.self)
                }
            }
            return HandshakeResponse(capabilities: caps, username: String(decoding: user, as: UTF8.self),
                                     authResponse: auth, database: database, plugin: plugin, attributes: attributes)
        }
    }
}
