/// SMB1 (MS-CIFS/MS-SMB) messages: the 32-byte header, the parameter words and data bytes that follow
/// it, and the few requests the persona reads: NEGOTIATE, SESSION_SETUP_ANDX, TREE_CONNECT_ANDX and the
/// transaction family (where MS17-010 and DoublePulsar live).
struct SMB1Message: Equatable, Sendable {
    static let protocolID: [UInt8] = [0xff, 0x53, 0x4d, 0x42]
    static let flags2Unicode: UInt16 = 0x8000
    static let flags2NTStatus: UInt16 = 0x4000
    static let flags2ExtendedSecurity: UInt16 = 0x0800

    var command: UInt8
    var status: UInt32 = 0
    var flags: UInt8 = 0
    var flags2: UInt16 = 0
    var pidHigh: UInt16 = 0
    var tid: UInt16 = 0
    var pid: UInt16 = 0
    var uid: UInt16 = 0
    var mid: UInt16 = 0
    var words: [UInt8] = []
    var data: [UInt8] = []
    /// Where `data` starts in the message (SMB1 offsets count from the header's first byte).
    var dataOffset = 0

    var unicode: Bool { flags2 & SMB1Message.flags2Unicode != 0 }

    static func parse(_ m: [UInt8]) -> SMB1Message? {
        var r = ByteReader(m)
        guard r.read(4) == protocolID, let cmd = r.u8(), let status = r.u32le(), let flags = r.u8(), let flags2 = r.u16le(),
              let pidHigh = r.u16le(), r.skip(8 + 2), let tid = r.u16le(), let pid = r.u16le(), let uid = r.u16le(),
              let mid = r.u16le(), let wc = r.u8(), let words = r.read(Int(wc) * 2), let bc = r.u16le() else { return nil }
        let dataOffset = r.offset
        // Some clients (and exploits) send a byte count larger than what follows; take what is there.
        let data = r.read(Int(bc)) ?? r.rest()
        return SMB1Message(command: cmd, status: status, flags: flags, flags2: flags2, pidHigh: pidHigh, tid: tid, pid: pid,
                           uid: uid, mid: mid, words: words, data: data, dataOffset: dataOffset)
    }

    func word(_ i: Int) -> UInt16? {
        guard i >= 0, 2 * i + 1 < words.count else { return nil }
        return UInt16(words[2 * i]) | UInt16(words[2 * i + 1]) << 8
    }

    /// The reply header: the request's ids echoed, the reply flag and NT status set.
    func reply(status: UInt32 = 0, words: [UInt8] = [], data: [UInt8] = [], uid: UInt16? = nil, tid: UInt16? = nil, mid: UInt16? = nil) -> [UInt8] {
        var b = SMB1Message.protocolID
        b.append(command)
        b.appendLE32(Int(status))
        b.append(0x88)  // reply, case-insensitive paths
        b.appendLE16(Int(0x4001 | (flags2 & (SMB1Message.flags2Unicode | SMB1Message.flags2ExtendedSecurity)) | SMB1Message.flags2NTStatus))
        b.appendLE16(Int(pidHigh))
        b += [UInt8](repeating: 0, count: 10)
        b.appendLE16(Int(tid ?? self.tid)); b.appendLE16(Int(pid)); b.appendLE16(Int(uid ?? self.uid)); b.appendLE16(Int(mid ?? self.mid))
        b.append(UInt8(truncatingIfNeeded: words.count / 2))
        b += words
        b.appendLE16(data.count)
        return b + data
    }

    /// A string in the data area: UTF-16LE (aligned to an even offset from the header) or OEM, NUL-terminated.
    func string(at offset: Int, unicode: Bool) -> (String, Int)? {
        var o = offset
        if unicode {
            if (dataOffset + o) % 2 == 1 { o += 1 }
            var end = o
            while end + 1 < data.count, !(data[end] == 0 && data[end + 1] == 0) { end += 2 }
            // Unterminated: the rest of the data (an odd trailing byte is dropped by the decoder).
            let s = UTF16LE.decode(data[min(o, data.count)..<min(end, data.count)], max: 512)
            return (s, min(end + 2, data.count))
        }
        guard o <= data.count else { return nil }
        let end = data[o...].firstIndex(of: 0) ?? data.count
        return (String(decoding: data[o..<end].prefix(512), as: UTF8.self), min(end + 1, data.count))
    }
}

enum SMB1Command {
    static let negotiate: UInt8 = 0x72
    static let sessionSetupAndX: UInt8 = 0x73
    static let logoffAndX: UInt8 = 0x74
    static let treeConnectAndX: UInt8 = 0x75
    static let treeDisconnect: UInt8 = 0x71
    static let echo: UInt8 = 0x2b
    static let transaction: UInt8 = 0x25
    static let transaction2: UInt8 = 0x32
    static let transaction2Secondary: UInt8 = 0x33
    static let ntTransact: UInt8 = 0xa0
    static let ntTransactSecondary: UInt8 = 0xa1
    static let ntCreateAndX: UInt8 = 0xa2
    static let writeAndX: UInt8 = 0x2f
    static let close: UInt8 = 0x04
    static let delete: UInt8 = 0x06
}

/// NT_CREATE_ANDX request (MS-CIFS 2.2.4.64.1): the name and disposition.
struct SMB1NTCreate: Equatable {
    var name: String
    var disposition: UInt32
    var options: UInt32

    static func parse(_ m: SMB1Message) -> SMB1NTCreate? {
        var r = ByteReader(m.words)
        guard m.words.count >= 48, r.skip(5), let nameLength = r.u16le(), r.skip(4 + 4 + 4 + 8 + 4 + 4),
              let disposition = r.u32le(), let options = r.u32le() else { return nil }
        let name: String
        if m.unicode {
            let start = (m.dataOffset % 2 == 1) ? 1 : 0
            guard start <= m.data.count else { return nil }
            name = UTF16LE.decode(m.data[start..<min(m.data.count, start + Int(nameLength))], max: 1024)
        } else {
            name = String(decoding: m.data.prefix(Int(nameLength)).prefix(while: { $0 != 0 }).prefix(1024), as: UTF8.self)
        }
        return SMB1NTCreate(name: String(name.filter { $0 != "\u{0}" }), disposition: disposition, options: options)
    }
}

/// WRITE_ANDX request (MS-CIFS 2.2.4.43.1, with MS-SMB's DataLengthHigh for large writes).
struct SMB1Write: Equatable {
    var fid: UInt16
    var offset: UInt64
    var data: [UInt8]

    static func parse(_ m: SMB1Message, raw: [UInt8], cap: Int) -> SMB1Write? {
        var r = ByteReader(m.words)
        guard m.words.count >= 24, r.skip(4), let fid = r.u16le(), let low = r.u32le(), r.skip(4 + 2 + 2),
              let lengthHigh = r.u16le(), let lengthLow = r.u16le(), let dataOffset = r.u16le() else { return nil }
        let high = m.words.count >= 28 ? (r.u32le() ?? 0) : 0
        let length = Int(lengthHigh) << 16 | Int(lengthLow)
        let start = Int(dataOffset)
        guard length <= cap, start <= raw.count, length <= raw.count - start else { return nil }
        return SMB1Write(fid: fid, offset: UInt64(high) << 32 | UInt64(low), data: Array(raw[start..<(start + length)]))
    }
}

/// SESSION_SETUP_ANDX request: extended security (12 words, a security blob) or the older form
/// (13 words, LM and NT responses against the negotiate response's challenge).
enum SMB1SessionSetup: Equatable {
    case extended(blob: [UInt8], nativeOS: String)
    case basic(lm: [UInt8], nt: [UInt8], user: String, domain: String, nativeOS: String)

    static func parse(_ m: SMB1Message) -> SMB1SessionSetup? {
        switch m.words.count {
        case 24:
            guard let len = m.word(7), Int(len) <= m.data.count else { return nil }
            let blob = Array(m.data.prefix(Int(len)))
            let os = m.string(at: Int(len), unicode: m.unicode)?.0 ?? ""
            return .extended(blob: blob, nativeOS: os)
        case 26:
            guard let lmLen = m.word(7), let ntLen = m.word(8), Int(lmLen) + Int(ntLen) <= m.data.count else { return nil }
            let lm = Array(m.data.prefix(Int(lmLen)))
            let nt = Array(m.data[Int(lmLen)..<(Int(lmLen) + Int(ntLen))])
            var at = Int(lmLen) + Int(ntLen)
            guard let (user, a1) = m.string(at: at, unicode: m.unicode) else { return nil }
            at = a1
            let (domain, a2) = m.string(at: at, unicode: m.unicode) ?? ("", at)
            let os = m.string(at: a2, unicode: m.unicode)?.0 ?? ""
            return .basic(lm: lm, nt: nt, user: user, domain: domain, nativeOS: os)
        default:
            return nil
        }
    }
}

/// TRANSACTION / TRANSACTION2 / NT_TRANSACT request fields the exploit checks read.
struct SMB1Transaction: Equatable {
    var totalParameterCount: Int
    var totalDataCount: Int
    var timeout: UInt32
    var setup: [UInt16]

    /// TRANSACTION and TRANSACTION2 share one layout (MS-CIFS 2.2.4.33.1, 2.2.4.46.1).
    static func parse(_ m: SMB1Message) -> SMB1Transaction? {
        var r = ByteReader(m.words)
        guard let tp = r.u16le(), let td = r.u16le(), r.skip(2 + 2 + 1 + 1 + 2), let timeout = r.u32le(),
              r.skip(2 + 2 + 2 + 2 + 2), let count = r.u8(), r.skip(1) else { return nil }
        var setup: [UInt16] = []
        for _ in 0..<count {
            guard let s = r.u16le() else { break }
            setup.append(s)
        }
        return SMB1Transaction(totalParameterCount: Int(tp), totalDataCount: Int(td), timeout: timeout, setup: setup)
    }

    /// NT_TRANSACT (2.2.4.62.1): 32-bit counts, the function in its own field.
    static func parseNT(_ m: SMB1Message) -> (SMB1Transaction, function: UInt16)? {
        var r = ByteReader(m.words)
        guard let _ = r.u8(), r.skip(2), let tp = r.u32le(), let td = r.u32le(), r.skip(4 * 6), let count = r.u8(),
              let function = r.u16le() else { return nil }
        var setup: [UInt16] = []
        for _ in 0..<count {
            guard let s = r.u16le() else { break }
            setup.append(s)
        }
        return (SMB1Transaction(totalParameterCount: Int(tp), totalDataCount: Int(td), timeout: 0, setup: setup), function)
    }
}
