import MitsuCore
@testable import MitsuServices

/// Builds the client side of SMB exchanges as byte fixtures, following MS-SMB2/MS-CIFS/MS-NLMP.
enum SMBClient {
    static func smb2(_ command: UInt16, mid: UInt64, session: UInt64 = 0, tree: UInt32 = 0, flags: UInt32 = 0, body: [UInt8]) -> [UInt8] {
        var h = SMB2Header(command: command)
        h.messageID = mid
        h.sessionID = session
        h.treeID = tree
        h.flags = flags
        h.processID = 0
        return h.bytes() + body
    }

    static func negotiate(dialects: [UInt16], contexts: [(UInt16, [UInt8])] = [], mid: UInt64 = 0) -> [UInt8] {
        var body: [UInt8] = []
        body.appendLE16(36); body.appendLE16(dialects.count); body.appendLE16(1); body.appendLE16(0)
        body.appendLE32(0x7f)
        body += [UInt8](repeating: 0xab, count: 16)
        let fixedEnd = 64 + 36 + dialects.count * 2
        let ctxStart = (fixedEnd + 7) & ~7
        body.appendLE32(contexts.isEmpty ? 0 : ctxStart); body.appendLE16(contexts.count); body.appendLE16(0)
        for d in dialects { body.appendLE16(Int(d)) }
        for (i, c) in contexts.enumerated() {
            while (64 + body.count) % 8 != 0 { body.append(0) }
            body.appendLE16(Int(c.0)); body.appendLE16(c.1.count); body.appendLE32(0)
            body += c.1
            _ = i
        }
        return smb2(0, mid: mid, body: body)
    }

    static func sessionSetup(_ token: [UInt8], mid: UInt64, session: UInt64 = 0) -> [UInt8] {
        var body: [UInt8] = [25, 0, 0, 1]
        body.appendLE32(0); body.appendLE32(0)
        body.appendLE16(88); body.appendLE16(token.count)
        body.appendLE64(0)
        return smb2(1, mid: mid, session: session, body: body + token)
    }

    static func ntlmNegotiate(flags: UInt32 = 0xe208_8297) -> [UInt8] {
        var m = SPNEGO.ntlmsspSignature + [1, 0, 0, 0]
        m.appendLE32(Int(flags))
        return m + [UInt8](repeating: 0, count: 16)
    }

    /// An AUTHENTICATE message with the given fields (Unicode).
    static func ntlmAuthenticate(user: String, domain: String, workstation: String, lm: [UInt8], nt: [UInt8]) -> [UInt8] {
        let fields: [[UInt8]] = [lm, nt, UTF16LE.encode(domain), UTF16LE.encode(user), UTF16LE.encode(workstation), []]
        var header = SPNEGO.ntlmsspSignature + [3, 0, 0, 0]
        var payload: [UInt8] = []
        let base = 12 + 6 * 8 + 4
        for f in fields {
            header.appendLE16(f.count); header.appendLE16(f.count); header.appendLE32(base + payload.count)
            payload += f
        }
        header.appendLE32(0x6208_8215)
        return header + payload
    }

    /// The negTokenResp wrapping a client puts around its AUTHENTICATE.
    static func spnegoResp(_ token: [UInt8]) -> [UInt8] {
        SPNEGO.tlv(0xa1, SPNEGO.tlv(0x30, SPNEGO.tlv(0xa2, SPNEGO.tlv(0x04, token))))
    }

    static func treeConnect(_ path: String, mid: UInt64, session: UInt64) -> [UInt8] {
        let p = UTF16LE.encode(path)
        var body: [UInt8] = [9, 0, 0, 0]
        body.appendLE16(72); body.appendLE16(p.count)
        return smb2(3, mid: mid, session: session, body: body + p)
    }

    static func create(_ name: String, disposition: UInt32 = 5, mid: UInt64, session: UInt64, tree: UInt32) -> [UInt8] {
        let n = UTF16LE.encode(name)
        var body: [UInt8] = [57, 0, 0, 0]
        body.appendLE32(2); body.appendLE64(0); body.appendLE64(0)
        body.appendLE32(0x0012_019f); body.appendLE32(0x80); body.appendLE32(3); body.appendLE32(Int(disposition)); body.appendLE32(0x40)
        body.appendLE16(120); body.appendLE16(n.count); body.appendLE32(0); body.appendLE32(0)
        return smb2(5, mid: mid, session: session, tree: tree, body: body + n)
    }

    static func write(_ data: [UInt8], offset: Int, fileID: [UInt8], mid: UInt64, session: UInt64, tree: UInt32) -> [UInt8] {
        var body: [UInt8] = [49, 0]
        body.appendLE16(112); body.appendLE32(data.count); body.appendLE64(offset)
        body += fileID
        body.appendLE32(0); body.appendLE32(0); body.appendLE16(0); body.appendLE16(0); body.appendLE32(0)
        return smb2(9, mid: mid, session: session, tree: tree, body: body + data)
    }

    static func close(fileID: [UInt8], mid: UInt64, session: UInt64, tree: UInt32) -> [UInt8] {
        var body: [UInt8] = [24, 0, 1, 0, 0, 0, 0, 0]
        body += fileID
        return smb2(6, mid: mid, session: session, tree: tree, body: body)
    }

    // MARK: SMB1

    static func smb1(_ command: UInt8, flags2: UInt16 = 0xc853, tid: UInt16 = 0, uid: UInt16 = 0, mid: UInt16 = 1,
                     words: [UInt8], data: [UInt8]) -> [UInt8] {
        var m = SMB1Message(command: command, flags: 0x18, flags2: flags2, tid: tid, pid: 0xfeff, uid: uid, mid: mid)
        m.words = words
        var b = SMB1Message.protocolID + [command]
        b.appendLE32(0); b.append(m.flags); b.appendLE16(Int(flags2)); b.appendLE16(0)
        b += [UInt8](repeating: 0, count: 10)
        b.appendLE16(Int(tid)); b.appendLE16(0xfeff); b.appendLE16(Int(uid)); b.appendLE16(Int(mid))
        b.append(UInt8(words.count / 2)); b += words; b.appendLE16(data.count)
        return b + data
    }

    static func negotiate1(_ dialects: [String], flags2: UInt16 = 0xc853) -> [UInt8] {
        smb1(0x72, flags2: flags2, words: [], data: dialects.flatMap { [0x02] + Array($0.utf8) + [0] })
    }

    /// TRANSACTION with two setup words (nmap's PeekNamedPipe check when `setup` is [0x23, 0]).
    static func transaction(_ command: UInt8, setup: [UInt16], timeout: UInt32 = 0, tid: UInt16, uid: UInt16, mid: UInt16 = 2) -> [UInt8] {
        var w: [UInt8] = []
        w.appendLE16(0); w.appendLE16(0); w.appendLE16(0xffff); w.appendLE16(0xffff); w += [0, 0]; w.appendLE16(0)
        w.appendLE32(Int(timeout)); w.appendLE16(0); w.appendLE16(0); w.appendLE16(0x4a); w.appendLE16(0); w.appendLE16(0x4a)
        w += [UInt8(setup.count), 0]
        for s in setup { w.appendLE16(Int(s)) }
        return smb1(command, tid: tid, uid: uid, mid: mid, words: w, data: Array("\\PIPE\\".utf8) + [0])
    }
}

extension Array where Element == UInt8 {
    func le16(_ at: Int) -> Int { at + 1 < count ? Int(self[at]) | Int(self[at + 1]) << 8 : -1 }
    func le32(_ at: Int) -> UInt32 {
        at + 3 < count ? UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16 | UInt32(self[at + 3]) << 24 : 0xdead_beef
    }
    func le64(_ at: Int) -> UInt64 { UInt64(le32(at)) | UInt64(le32(at + 4)) << 32 }
}
