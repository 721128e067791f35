/// A MySQL client's first packet after the server greeting: HandshakeResponse41 or SSLRequest (sequence id
/// 1, CLIENT_PROTOCOL_41, 23 zero filler bytes). The response gives the user and, when sent, the database.
enum MySQLRecognizer {
    static let clientProtocol41: UInt32 = 0x200
    static let clientConnectWithDB: UInt32 = 0x8
    static let clientSecureConnection: UInt32 = 0x8000
    static let clientPluginAuthLenencData: UInt32 = 0x200000

    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        var c = PayloadCursor(bytes)
        guard bytes.count >= 36, let l0 = c.u8(), let l1 = c.u8(), let l2 = c.u8(), c.u8() == 1 else { return nil }
        let length = Int(l0) | Int(l1) << 8 | Int(l2) << 16
        guard length >= 32, let caps = c.u32le(), caps & clientProtocol41 != 0, c.skip(5),
              let filler = c.take(23), bytes[filler].allSatisfy({ $0 == 0 }) else { return nil }
        var d = DetectedProtocol(.mysql)
        guard length > 32 else { return d }  // SSLRequest: the rest is TLS
        var p = PayloadCursor(bytes, from: c.offset, end: 4 + length)
        guard let user = cString(&p, bytes) else { return d }
        d.username = user
        guard caps & clientConnectWithDB != 0 else { return d }
        // The auth response's form follows the capabilities both sides share, and only the client's are in
        // view: length-prefixed (lenenc or 1-byte) when the client claims SECURE_CONNECTION, NUL-terminated
        // when the server did not offer it. Both readings are tried; the one that leaves a printable
        // database name (and plugin name, when announced) is taken.
        var prefixed = p
        if caps & (clientPluginAuthLenencData | clientSecureConnection) != 0, let n = prefixed.u8(), n < 0xfb, prefixed.skip(Int(n)),
           let db = tail(&prefixed, bytes, plugin: caps & clientPluginAuth != 0) {
            d.database = db
            return d
        }
        var terminated = p
        if cString(&terminated, bytes) != nil, let db = tail(&terminated, bytes, plugin: caps & clientPluginAuth != 0) {
            d.database = db
        }
        return d
    }

    static let clientPluginAuth: UInt32 = 0x80000

    /// The database name, then (when announced) the plugin name: both NUL-terminated printable ASCII.
    static func tail(_ c: inout PayloadCursor, _ bytes: [UInt8], plugin: Bool) -> String? {
        let start = c.offset
        guard let db = cString(&c, bytes), !db.isEmpty, bytes[start..<(c.offset - 1)].allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        if plugin {
            let p = c.offset
            guard cString(&c, bytes) != nil, c.offset - 1 > p, bytes[p..<(c.offset - 1)].allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        }
        return db
    }

    static func cString(_ c: inout PayloadCursor, _ bytes: [UInt8]) -> String? {
        let start = c.offset
        while let b = c.u8() {
            if b == 0 { return ProtocolText.printable(bytes, start..<(c.offset - 1)) }
        }
        return nil
    }
}
