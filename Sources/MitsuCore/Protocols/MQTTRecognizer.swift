/// MQTT CONNECT (3.1 `MQIsdp`, 3.1.1 and 5 `MQTT`): fixed header 0x10 and remaining length, protocol name
/// and level, connect flags, keep-alive, [v5 properties], client id, [will], [user name].
enum MQTTRecognizer {
    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        var c = PayloadCursor(bytes)
        guard c.u8() == 0x10, let remaining = varint(&c), remaining >= 10 else { return nil }
        guard let nameLength = c.u16(), let name = c.take(Int(nameLength)) else { return nil }
        let protocolName = String(decoding: bytes[name], as: UTF8.self)
        guard protocolName == "MQTT" || protocolName == "MQIsdp", let level = c.u8(), (3...5).contains(level),
              let flags = c.u8(), flags & 1 == 0, c.skip(2) else { return nil }
        var d = DetectedProtocol(.mqtt)
        if level == 5 {
            guard let props = varint(&c), c.skip(props) else { return d }
        }
        guard let id = string(&c, bytes) else { return d }
        d.clientID = id
        if flags & 0x04 != 0 {
            if level == 5 { guard let props = varint(&c), c.skip(props) else { return d } }
            guard string(&c, bytes) != nil, let n = c.u16(), c.skip(Int(n)) else { return d }
        }
        if flags & 0x80 != 0 { d.username = string(&c, bytes) }
        return d
    }

    /// MQTT's variable byte integer: at most four bytes.
    static func varint(_ c: inout PayloadCursor) -> Int? {
        var value = 0
        for i in 0..<4 {
            guard let b = c.u8() else { return nil }
            value |= Int(b & 0x7f) << (7 * i)
            if b & 0x80 == 0 { return value }
        }
        return nil
    }

    static func string(_ c: inout PayloadCursor, _ bytes: [UInt8]) -> String? {
        guard let n = c.u16(), let r = c.take(Int(n)) else { return nil }
        return ProtocolText.printable(bytes, r)
    }
}
