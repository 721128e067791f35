/// SMB2/3 messages (MS-SMB2 2.2): the 64-byte header and the request bodies the persona reads.
/// Parsing and building are separate; every offset an attacker sends is checked against the message.
struct SMB2Header: Equatable, Sendable {
    static let length = 64
    static let protocolID: [UInt8] = [0xfe, 0x53, 0x4d, 0x42]
    static let flagResponse: UInt32 = 0x1
    static let flagAsync: UInt32 = 0x2
    static let flagRelated: UInt32 = 0x4
    static let flagSigned: UInt32 = 0x8

    var creditCharge: UInt16 = 0
    var status: UInt32 = 0
    var command: UInt16
    var credits: UInt16 = 1
    var flags: UInt32 = 0
    var nextCommand: UInt32 = 0
    var messageID: UInt64 = 0
    var processID: UInt32 = 0xfeff
    var treeID: UInt32 = 0
    var sessionID: UInt64 = 0

    static func parse(_ m: [UInt8]) -> SMB2Header? {
        var r = ByteReader(m)
        guard r.read(4) == protocolID, r.u16le() == 64, let charge = r.u16le(), let status = r.u32le(),
              let command = r.u16le(), let credits = r.u16le(), let flags = r.u32le(), let next = r.u32le(),
              let mid = r.u64le(), let pid = r.u32le(), let tid = r.u32le(), let sid = r.u64le(), r.skip(16) else { return nil }
        return SMB2Header(creditCharge: charge, status: status, command: command, credits: credits, flags: flags,
                          nextCommand: next, messageID: mid, processID: pid, treeID: tid, sessionID: sid)
    }

    func bytes() -> [UInt8] {
        var b = SMB2Header.protocolID
        b.appendLE16(64)
        b.appendLE16(Int(creditCharge))
        b.appendLE32(Int(status))
        b.appendLE16(Int(command))
        b.appendLE16(Int(credits))
        b.appendLE32(Int(flags))
        b.appendLE32(Int(nextCommand))
        b.appendLE64(Int(truncatingIfNeeded: messageID))
        b.appendLE32(Int(processID))
        b.appendLE32(Int(treeID))
        b.appendLE64(Int(truncatingIfNeeded: sessionID))
        return b + [UInt8](repeating: 0, count: 16)
    }
}

enum SMB2Command: UInt16 {
    case negotiate = 0, sessionSetup, logoff, treeConnect, treeDisconnect, create, close, flush, read, write,
         lock, ioctl, cancel, echo, queryDirectory, changeNotify, queryInfo, setInfo, oplockBreak
}

enum SMB2Dialect {
    static let all: [UInt16] = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311]
    static let wildcard: UInt16 = 0x02ff

    static func name(_ d: UInt16) -> String {
        switch d {
        case 0x0202: return "2.0.2"
        case 0x0210: return "2.1"
        case 0x0300: return "3.0"
        case 0x0302: return "3.0.2"
        case 0x0311: return "3.1.1"
        default: return "0x" + Hex.string([UInt8(d >> 8), UInt8(d & 0xff)])
        }
    }
}

/// NEGOTIATE request (2.2.3) with its 3.1.1 negotiate contexts.
struct SMB2NegotiateRequest: Equatable, Sendable {
    var securityMode: UInt16
    var capabilities: UInt32
    var clientGUID: [UInt8]
    var dialects: [UInt16]
    /// Context type → data (PREAUTH 1, ENCRYPTION 2, COMPRESSION 3, NETNAME 5, TRANSPORT 6, RDMA 7, SIGNING 8).
    var contexts: [(type: UInt16, data: [UInt8])]

    static func == (a: Self, b: Self) -> Bool {
        a.dialects == b.dialects && a.securityMode == b.securityMode && a.capabilities == b.capabilities
            && a.clientGUID == b.clientGUID && a.contexts.map(\.type) == b.contexts.map(\.type)
            && a.contexts.map(\.data) == b.contexts.map(\.data)
    }

    static func parse(_ m: [UInt8]) -> SMB2NegotiateRequest? {
        var r = ByteReader(m, offset: SMB2Header.length)
        guard r.u16le() == 36, let count = r.u16le(), count > 0, count <= 64, let mode = r.u16le(), r.skip(2),
              let caps = r.u32le(), let guid = r.read(16), let ctxOffset = r.u32le(), let ctxCount = r.u16le(), r.skip(2)
        else { return nil }
        var dialects: [UInt16] = []
        for _ in 0..<count {
            guard let d = r.u16le() else { return nil }
            dialects.append(d)
        }
        var contexts: [(UInt16, [UInt8])] = []
        if dialects.contains(0x0311), ctxCount > 0 {
            guard ctxCount <= 32 else { return nil }
            var off = Int(ctxOffset)
            for _ in 0..<ctxCount {
                off = (off + 7) & ~7
                var c = ByteReader(m, offset: off)
                guard off < m.count, let type = c.u16le(), let len = c.u16le(), c.skip(4), let data = c.read(Int(len)) else { return nil }
                contexts.append((type, data))
                off = c.offset
            }
        }
        return SMB2NegotiateRequest(securityMode: mode, capabilities: caps, clientGUID: guid, dialects: dialects, contexts: contexts)
    }

    func context(_ type: UInt16) -> [UInt8]? { contexts.first(where: { $0.type == type })?.data }
}

/// A variable-length buffer named by an offset (from the start of the header) and a length.
func smb2Buffer(_ m: [UInt8], offset: Int, length: Int, cap: Int) -> [UInt8]? {
    guard length >= 0, length <= cap else { return nil }
    if length == 0 { return [] }
    guard offset >= SMB2Header.length, offset <= m.count, length <= m.count - offset else { return nil }
    return Array(m[offset..<(offset + length)])
}

/// SESSION_SETUP request (2.2.5): the security buffer.
struct SMB2SessionSetupRequest {
    var securityBuffer: [UInt8]

    static func parse(_ m: [UInt8]) -> SMB2SessionSetupRequest? {
        var r = ByteReader(m, offset: SMB2Header.length)
        guard r.u16le() == 25, r.skip(2), r.u32le() != nil, r.u32le() != nil, let off = r.u16le(), let len = r.u16le(),
              let buf = smb2Buffer(m, offset: Int(off), length: Int(len), cap: 65536) else { return nil }
        return SMB2SessionSetupRequest(securityBuffer: buf)
    }
}

/// TREE_CONNECT request (2.2.9): the UNC path.
struct SMB2TreeConnectRequest {
    var path: String

    static func parse(_ m: [UInt8]) -> SMB2TreeConnectRequest? {
        var r = ByteReader(m, offset: SMB2Header.length)
        guard r.u16le() == 9, r.skip(2), let off = r.u16le(), let len = r.u16le(),
              let buf = smb2Buffer(m, offset: Int(off), length: Int(len), cap: 2048) else { return nil }
        return SMB2TreeConnectRequest(path: UTF16LE.decode(buf, max: 1024))
    }
}

/// CREATE request (2.2.13): what is opened and how.
struct SMB2CreateRequest {
    var desiredAccess: UInt32
    var disposition: UInt32
    var options: UInt32
    var name: String

    static func parse(_ m: [UInt8]) -> SMB2CreateRequest? {
        var r = ByteReader(m, offset: SMB2Header.length)
        guard r.u16le() == 57, r.skip(2 + 4 + 8 + 8), let access = r.u32le(), r.u32le() != nil, r.u32le() != nil,
              let disposition = r.u32le(), let options = r.u32le(), let off = r.u16le(), let len = r.u16le(),
              let buf = smb2Buffer(m, offset: Int(off), length: Int(len), cap: 4096) else { return nil }
        return SMB2CreateRequest(desiredAccess: access, disposition: disposition, options: options, name: UTF16LE.decode(buf, max: 2048))
    }
}

/// WRITE request (2.2.21).
struct SMB2WriteRequest {
    var offset: UInt64
    var fileID: [UInt8]
    var data: [UInt8]

    static func parse(_ m: [UInt8], cap: Int) -> SMB2WriteRequest? {
        var r = ByteReader(m, offset: SMB2Header.length)
        guard r.u16le() == 49, let dataOffset = r.u16le(), let length = r.u32le(), let offset = r.u64le(), let fid = r.read(16),
              let data = smb2Buffer(m, offset: Int(dataOffset), length: Int(length), cap: cap) else { return nil }
        return SMB2WriteRequest(offset: offset, fileID: fid, data: data)
    }
}

/// The FileId of CLOSE (2.2.15), READ (2.2.19), FLUSH, QUERY_INFO, … at the offset each body puts it.
func smb2FileID(_ m: [UInt8], bodyOffset: Int) -> [UInt8]? {
    var r = ByteReader(m, offset: SMB2Header.length + bodyOffset)
    return r.read(16)
}
