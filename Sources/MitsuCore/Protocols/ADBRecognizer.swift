/// Android Debug Bridge: a CNXN message (command `CNXN`, version, max data, data length, CRC, magic =
/// command XOR 0xffffffff, all little-endian) whose data is the client's banner (`host::features=…`).
enum ADBRecognizer {
    static let cnxn: UInt32 = 0x4e58_4e43

    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        var c = PayloadCursor(bytes)
        guard let command = c.u32le(), command == cnxn, c.skip(8), let length = c.u32le(), c.skip(4),
              let magic = c.u32le(), magic == command ^ 0xffff_ffff else { return nil }
        var d = DetectedProtocol(.adb)
        let start = c.offset
        var end = min(start + Int(min(length, 1 << 20)), bytes.count)
        if let nul = bytes[start..<end].firstIndex(of: 0) { end = nul }
        if end > start { d.clientVersion = ProtocolText.printable(bytes, start..<end) }
        return d
    }
}
