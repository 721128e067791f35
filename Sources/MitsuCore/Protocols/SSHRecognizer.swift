/// SSH: the client's identification line (`SSH-2.0-OpenSSH_9.2p1 …`, RFC 4253 §4.2) and, when the KEXINIT
/// that follows it is in the payload too, the four name-lists HASSH hashes
/// (`kex;encryption_c2s;mac_c2s;compression_c2s`).
enum SSHRecognizer {
    /// RFC 4253 allows 255 bytes for the line; 35000 for a packet.
    static let maxLine = 255
    static let maxPacket = 35000

    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        guard ProtocolText.hasPrefix(bytes, "SSH-") else { return nil }
        var d = DetectedProtocol(.ssh)
        guard let lf = ProtocolText.lineEnd(bytes, from: 0, limit: maxLine + 1) else {
            d.clientVersion = ProtocolText.printable(bytes, 0..<min(bytes.count, maxLine))
            return d
        }
        d.clientVersion = ProtocolText.printable(bytes, ProtocolText.trimCR(bytes, 0, lf))
        d.hasshAlgorithms = kexInitLists(bytes, at: lf + 1)
        return d
    }

    /// The unencrypted binary packet at `start`: uint32 length, padding length, SSH_MSG_KEXINIT (20),
    /// 16-byte cookie, then ten name-lists of which HASSH takes the 1st, 3rd, 5th and 7th.
    static func kexInitLists(_ bytes: [UInt8], at start: Int) -> String? {
        var c = PayloadCursor(bytes, from: start)
        guard let length = c.u32(), length >= 2, length <= maxPacket, let padding = c.u8(),
              Int(padding) < Int(length), c.remaining >= Int(length) - 1 else { return nil }
        var body = PayloadCursor(bytes, from: c.offset, end: c.offset + Int(length) - 1 - Int(padding))
        guard body.u8() == 20, body.skip(16) else { return nil }
        var lists: [Range<Int>] = []
        for _ in 0..<7 {
            guard let n = body.u32(), let r = body.take(Int(n)) else { return nil }
            lists.append(r)
        }
        let picked = [lists[0], lists[2], lists[4], lists[6]]
        // Name-lists are US-ASCII; anything else is not a real client's KEXINIT.
        for r in picked where bytes[r].contains(where: { $0 < 0x20 || $0 > 0x7e }) { return nil }
        return picked.map { String(decoding: bytes[$0], as: UTF8.self) }.joined(separator: ";")
    }
}
