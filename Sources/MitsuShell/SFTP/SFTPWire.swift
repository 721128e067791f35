/// SFTP version 3 (draft-ietf-secsh-filexfer-02, what OpenSSH speaks) on the wire: packet framing and
/// the request messages, parsed without trusting a single length. Foundation-free so it can be fuzzed.
enum SFTP {
    static let version: UInt32 = 3
    /// OpenSSH's own limit (SFTP_MAX_MSG_LENGTH): anything longer ends the session.
    static let maxPacket = 256 * 1024

    enum Request: Equatable {
        case initialize(version: UInt32)
        case open(id: UInt32, path: String, flags: UInt32)
        case close(id: UInt32, handle: [UInt8])
        case read(id: UInt32, handle: [UInt8], offset: UInt64, length: UInt32)
        case write(id: UInt32, handle: [UInt8], offset: UInt64, data: [UInt8])
        case lstat(id: UInt32, path: String)
        case fstat(id: UInt32, handle: [UInt8])
        case setstat(id: UInt32, path: String, attributes: Attributes)
        case fsetstat(id: UInt32, handle: [UInt8], attributes: Attributes)
        case opendir(id: UInt32, path: String)
        case readdir(id: UInt32, handle: [UInt8])
        case remove(id: UInt32, path: String)
        case mkdir(id: UInt32, path: String)
        case rmdir(id: UInt32, path: String)
        case realpath(id: UInt32, path: String)
        case stat(id: UInt32, path: String)
        case rename(id: UInt32, from: String, to: String)
        case readlink(id: UInt32, path: String)
        case symlink(id: UInt32, link: String, target: String)
        /// An @openssh.com extension: its name and, for the ones served, their two path arguments.
        case extended(id: UInt32, name: String, first: String?, second: String?)
        case unsupported(id: UInt32, type: UInt8)
    }

    enum Status: UInt32 {
        case ok = 0, eof, noSuchFile, permissionDenied, failure, badMessage, noConnection, connectionLost, unsupported
    }

    /// SSH_FXP_OPEN pflags.
    static let openRead: UInt32 = 0x01
    static let openWrite: UInt32 = 0x02
    static let openAppend: UInt32 = 0x04
    static let openCreate: UInt32 = 0x08
    static let openTruncate: UInt32 = 0x10

    struct Attributes: Equatable {
        var size: UInt64?
        var uid: UInt32?
        var gid: UInt32?
        var permissions: UInt32?
        var atime: UInt32?
        var mtime: UInt32?
    }

    /// Splits complete packets off the front of `buffer`. Nil: a length over `maxPacket` (close).
    static func nextPacket(_ buffer: inout [UInt8]) -> [UInt8]?? {
        guard buffer.count >= 4 else { return .some(nil) }
        let length = Int(buffer[0]) << 24 | Int(buffer[1]) << 16 | Int(buffer[2]) << 8 | Int(buffer[3])
        guard length >= 1, length <= maxPacket else { return nil }
        guard buffer.count >= 4 + length else { return .some(nil) }
        let packet = Array(buffer[4..<(4 + length)])
        buffer.removeFirst(4 + length)
        return .some(packet)
    }

    static func parse(_ packet: [UInt8]) -> Request? {
        var r = Reader(packet)
        guard let type = r.byte() else { return nil }
        if type == 1 { return r.uint32().map { .initialize(version: $0) } }
        guard let id = r.uint32() else { return nil }
        switch type {
        case 3:
            guard let path = r.text(), let flags = r.uint32(), r.attributes() != nil else { return nil }
            return .open(id: id, path: path, flags: flags)
        case 4: return r.bytes().map { .close(id: id, handle: $0) }
        case 5:
            guard let h = r.bytes(), let offset = r.uint64(), let length = r.uint32() else { return nil }
            return .read(id: id, handle: h, offset: offset, length: length)
        case 6:
            guard let h = r.bytes(), let offset = r.uint64(), let data = r.bytes() else { return nil }
            return .write(id: id, handle: h, offset: offset, data: data)
        case 7: return r.text().map { .lstat(id: id, path: $0) }
        case 8: return r.bytes().map { .fstat(id: id, handle: $0) }
        case 9:
            guard let path = r.text(), let a = r.attributes() else { return nil }
            return .setstat(id: id, path: path, attributes: a)
        case 10:
            guard let h = r.bytes(), let a = r.attributes() else { return nil }
            return .fsetstat(id: id, handle: h, attributes: a)
        case 11: return r.text().map { .opendir(id: id, path: $0) }
        case 12: return r.bytes().map { .readdir(id: id, handle: $0) }
        case 13: return r.text().map { .remove(id: id, path: $0) }
        case 14:
            guard let path = r.text() else { return nil }
            return .mkdir(id: id, path: path)
        case 15: return r.text().map { .rmdir(id: id, path: $0) }
        case 16: return r.text().map { .realpath(id: id, path: $0) }
        case 17: return r.text().map { .stat(id: id, path: $0) }
        case 18:
            guard let from = r.text(), let to = r.text() else { return nil }
            return .rename(id: id, from: from, to: to)
        case 19: return r.text().map { .readlink(id: id, path: $0) }
        case 20:
            // OpenSSH sends (target, link), swapped against the draft; the fake host only records it.
            guard let a = r.text(), let b = r.text() else { return nil }
            return .symlink(id: id, link: b, target: a)
        case 200:
            guard let name = r.text() else { return nil }
            let first = r.text()
            return .extended(id: id, name: name, first: first, second: r.text())
        default: return .unsupported(id: id, type: type)
        }
    }

    struct Reader {
        private let data: [UInt8]
        private var at = 0
        init(_ bytes: [UInt8]) { self.data = bytes }

        mutating func byte() -> UInt8? {
            guard at < data.count else { return nil }
            defer { at += 1 }
            return data[at]
        }

        mutating func uint32() -> UInt32? {
            guard data.count - at >= 4 else { return nil }
            defer { at += 4 }
            return UInt32(data[at]) << 24 | UInt32(data[at + 1]) << 16 | UInt32(data[at + 2]) << 8 | UInt32(data[at + 3])
        }

        mutating func uint64() -> UInt64? {
            guard let hi = uint32(), let lo = uint32() else { return nil }
            return UInt64(hi) << 32 | UInt64(lo)
        }

        mutating func bytes() -> [UInt8]? {
            guard let n = uint32(), Int(n) <= data.count - at else { return nil }
            defer { at += Int(n) }
            return Array(data[at..<(at + Int(n))])
        }

        /// Paths as sent; invalid UTF-8 becomes U+FFFD (shown, never used as a real path).
        mutating func text() -> String? { bytes().map { String(decoding: $0, as: UTF8.self) } }

        mutating func attributes() -> Attributes? {
            guard let flags = uint32() else { return nil }
            var a = Attributes()
            if flags & 0x1 != 0 { guard let v = uint64() else { return nil }; a.size = v }
            if flags & 0x2 != 0 { guard let u = uint32(), let g = uint32() else { return nil }; a.uid = u; a.gid = g }
            if flags & 0x4 != 0 { guard let p = uint32() else { return nil }; a.permissions = p }
            if flags & 0x8 != 0 { guard let at = uint32(), let mt = uint32() else { return nil }; a.atime = at; a.mtime = mt }
            if flags & 0x8000_0000 != 0 {
                guard let count = uint32(), count <= 64 else { return nil }
                for _ in 0..<count { guard bytes() != nil, bytes() != nil else { return nil } }
            }
            return a
        }
    }

    struct Writer {
        var bytes: [UInt8] = []
        mutating func byte(_ b: UInt8) { bytes.append(b) }
        mutating func uint32(_ v: UInt32) { bytes += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        mutating func uint64(_ v: UInt64) { uint32(UInt32(v >> 32)); uint32(UInt32(v & 0xFFFF_FFFF)) }
        mutating func string(_ b: [UInt8]) { uint32(UInt32(b.count)); bytes += b }
        mutating func string(_ s: String) { string(Array(s.utf8)) }

        mutating func attributes(_ a: Attributes) {
            var flags: UInt32 = 0
            if a.size != nil { flags |= 0x1 }
            if a.uid != nil, a.gid != nil { flags |= 0x2 }
            if a.permissions != nil { flags |= 0x4 }
            if a.atime != nil, a.mtime != nil { flags |= 0x8 }
            uint32(flags)
            if let s = a.size { uint64(s) }
            if let u = a.uid, let g = a.gid { uint32(u); uint32(g) }
            if let p = a.permissions { uint32(p) }
            if let at = a.atime, let mt = a.mtime { uint32(at); uint32(mt) }
        }

        /// The packet with its length prefix.
        var framed: [UInt8] {
            let n = UInt32(bytes.count)
            return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes
        }
    }
}
