/// RDP's first PDU: TPKT (RFC 1006: version 3, length) carrying an X.224 Connection Request (code 0xE0)
/// whose optional `Cookie: mstshash=USER` line names the user the client will log in as (MS-RDPBCGR 2.2.1.1).
enum RDPRecognizer {
    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        var c = PayloadCursor(bytes)
        guard c.u8() == 3, c.u8() == 0, let length = c.u16(), length >= 11, let li = c.u8(), let code = c.u8(),
              code & 0xf0 == 0xe0, Int(li) == Int(length) - 5 else { return nil }
        var d = DetectedProtocol(.rdp)
        // LI counts the bytes after itself: code, dst-ref, src-ref, class (6), then the variable part.
        let end = min(Int(length), bytes.count)
        let cookie = "Cookie: mstshash="
        let start = 11
        if start < end, ProtocolText.hasPrefix(bytes, cookie, at: start) {
            let from = start + cookie.utf8.count
            var i = from
            while i < end, bytes[i] != 0x0d, bytes[i] != 0x0a { i += 1 }
            if i > from { d.username = ProtocolText.printable(bytes, from..<i) }
        }
        return d
    }
}
