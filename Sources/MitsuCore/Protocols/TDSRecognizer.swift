/// MSSQL: a TDS packet of type PRELOGIN (0x12) whose option table is well formed (MS-TDS 2.2.6.5). The
/// VERSION option gives the client library's version (`clientVersion`, e.g. `9.0.0.0`).
enum TDSRecognizer {
    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        var c = PayloadCursor(bytes)
        guard c.u8() == 0x12, let status = c.u8(), status & 0xe0 == 0, let length = c.u16(), length > 8, c.skip(4) else { return nil }
        let end = min(Int(length), bytes.count)
        let base = 8
        var options = PayloadCursor(bytes, from: base, end: end)
        var version: String?
        var sawTerminator = false
        for _ in 0..<32 {
            guard let token = options.u8() else { break }
            if token == 0xff { sawTerminator = true; break }
            guard let offset = options.u16(), let size = options.u16() else {
                if end < Int(length) { break }  // the capture ends inside this entry
                return nil
            }
            // Offsets are from the start of the PRELOGIN data and must stay inside the packet.
            guard base + Int(offset) + Int(size) <= Int(length) else { return nil }
            if token == 0, size >= 6 {
                var v = PayloadCursor(bytes, from: base + Int(offset), end: end)
                if let major = v.u8(), let minor = v.u8(), let build = v.u16(), let sub = v.u16() {
                    version = "\(major).\(minor).\(build).\(sub)"
                }
            }
        }
        // A capture cut inside the table is still TDS if what was read is consistent.
        guard sawTerminator || end < Int(length) else { return nil }
        var d = DetectedProtocol(.mssql)
        d.clientVersion = version
        return d
    }
}
