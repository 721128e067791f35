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
        // Auth response: length-encoded (1-byte form), 1-byte length, or NUL-terminated (pre-4.1 style).
        if caps & clientPluginAuthLenencData != 0 || caps & clientSecureConnection != 0 {
            guard let n = p.u8(), n < 0xfb, p.skip(Int(n)) else { return d }
        } else {
            guard cString(&p, bytes) != nil else { return d }
        }
        if caps & clientConnectWithDB != 0, let db = cString(&p, bytes), !db.isEmpty { d.database = db }
        return d
    }

    static func cString(_ c: inout PayloadCursor, _ bytes: [UInt8]) -> String? {
        let start = c.offset
        while let b = c.u8() {
            if b == 0 { return ProtocolText.printable(bytes, start..<(c.offset - 1)) }
        }
        return nil
    }
}
