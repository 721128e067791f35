import Foundation
import MitsuCore

/// The SFTP subsystem over a session's copy-on-write filesystem: enough of SFTP v3 for OpenSSH's `sftp`,
/// paramiko and scripted bots (open, read, write, close, stat, lstat, fstat, setstat, opendir, readdir,
/// mkdir, rmdir, remove, rename, realpath, readlink, symlink). Uploaded files live in the session only;
/// their bytes go to the artifact store and a `file.upload` event on close.
final class SFTPServer {
    let session: Session
    private var handles: [UInt32: Handle] = [:]
    private var nextHandle: UInt32 = 0
    private var users: [Int: String] = [:]
    private var groups: [Int: String] = [:]
    static let maxHandles = 64
    /// Largest file one upload may build (the session filesystem has its own total cap too).
    static let maxFileBytes = 32 << 20
    /// OpenSSH's read and write limit (max message length minus headroom).
    static let maxIO = 261_120

    enum Handle {
        case file(path: String, data: [UInt8], writable: Bool, dirty: Bool)
        case directory(path: String, names: [String], sent: Bool)
    }

    init(session: Session) {
        self.session = session
    }

    /// Runs the subsystem until the client closes its side; returns the exit status sshd reports.
    func run(_ input: AsyncStream<ShellInput>) async -> Int {
        var buffer: [UInt8] = []
        for await item in input {
            guard case .bytes(let bytes) = item else { continue }
            buffer += bytes
            while true {
                guard let next = SFTP.nextPacket(&buffer) else {
                    session.protocolError("SFTP packet longer than \(SFTP.maxPacket) bytes")
                    return 1
                }
                guard let packet = next else { break }
                guard let request = SFTP.parse(packet) else {
                    session.protocolError("malformed SFTP packet")
                    return 1
                }
                session.io.write(respond(request))
            }
        }
        closeAll()
        return 0
    }

    // MARK: requests

    func respond(_ request: SFTP.Request) -> [UInt8] {
        switch request {
        case .initialize:
            var w = SFTP.Writer()
            w.byte(2)
            w.uint32(SFTP.version)
            for (name, value) in [("posix-rename@openssh.com", "1"), ("limits@openssh.com", "1"), ("expand-path@openssh.com", "1")] {
                w.string(name)
                w.string(value)
            }
            return w.framed
        case .realpath(let id, let path):
            let resolved = absolute(path)
            return name(id, [(resolved, resolved, SFTP.Attributes())])
        case .stat(let id, let path), .lstat(let id, let path):
            let node: FSNode?
            if case .lstat = request { node = session.fs.lstat(absolute(path)) } else { node = session.fs.stat(absolute(path)) }
            guard let node else { return status(id, .noSuchFile, "No such file") }
            return attributes(id, Self.attributes(node))
        case .open(let id, let path, let flags):
            return open(id, absolute(path), flags)
        case .read(let id, let h, let offset, let length):
            guard case .file(_, let data, _, _)? = handles[Self.number(h)] else { return status(id, .failure, "Failure") }
            guard offset < UInt64(data.count) else { return status(id, .eof, "End of file") }
            let start = Int(offset)
            let end = min(data.count, start + min(Int(length), Self.maxIO))
            var w = SFTP.Writer()
            w.byte(103)
            w.uint32(id)
            w.string(Array(data[start..<end]))
            return w.framed
        case .write(let id, let h, let offset, let chunk):
            return write(id, Self.number(h), offset, chunk)
        case .fstat(let id, let h):
            switch handles[Self.number(h)] {
            case .file(let path, let data, _, _)?:
                var a = session.fs.stat(path).map(Self.attributes) ?? SFTP.Attributes(permissions: 0o100644)
                a.size = UInt64(data.count)
                return attributes(id, a)
            case .directory(let path, _, _)?:
                return attributes(id, session.fs.stat(path).map(Self.attributes) ?? SFTP.Attributes())
            case nil:
                return status(id, .failure, "Failure")
            }
        case .setstat(let id, let path, let a):
            log("sftp setstat \(path)")
            return result(id, chmod(absolute(path), a))
        case .fsetstat(let id, let h, let a):
            guard let handle = handles[Self.number(h)] else { return status(id, .failure, "Failure") }
            if case .file(let path, _, _, _) = handle { return result(id, chmod(path, a)) }
            return status(id, .ok, "Success")
        case .close(let id, let h):
            return close(id, Self.number(h))
        case .opendir(let id, let path):
            let dir = absolute(path)
            guard let names = session.fs.list(dir) else { return status(id, .noSuchFile, "No such file") }
            return newHandle(id, .directory(path: dir, names: [".", ".."] + names.sorted(), sent: false))
        case .readdir(let id, let h):
            let number = Self.number(h)
            guard case .directory(let dir, let names, let sent)? = handles[number] else { return status(id, .failure, "Failure") }
            guard !sent else { return status(id, .eof, "End of file") }
            handles[number] = .directory(path: dir, names: names, sent: true)
            users = session.accountNames(file: "/etc/passwd")
            groups = session.accountNames(file: "/etc/group")
            let entries = names.prefix(4096).compactMap { n -> (String, String, SFTP.Attributes)? in
                let path = n == "." ? dir : n == ".." ? FSPath.split(dir).parent : FSPath.join(dir, n)
                guard let node = session.fs.lstat(path) else { return nil }
                return (n, longName(n, node), Self.attributes(node))
            }
            return name(id, entries)
        case .remove(let id, let path):
            log("sftp remove \(path)")
            return result(id, session.fs.remove(absolute(path), recursive: false))
        case .mkdir(let id, let path):
            log("sftp mkdir \(path)")
            return result(id, session.fs.mkdir(absolute(path), parents: false, mtime: session.now))
        case .rmdir(let id, let path):
            log("sftp rmdir \(path)")
            return result(id, session.fs.rmdir(absolute(path)))
        case .rename(let id, let from, let to):
            log("sftp rename \(from) \(to)")
            return result(id, session.fs.rename(absolute(from), to: absolute(to), mtime: session.now))
        case .readlink(let id, let path):
            guard let target = session.fs.lstat(absolute(path))?.target else { return status(id, .noSuchFile, "No such file") }
            return name(id, [(target, target, SFTP.Attributes())])
        case .symlink(let id, let link, let target):
            log("sftp symlink \(target) \(link)")
            return result(id, session.fs.symlink(target: target, at: absolute(link), mtime: session.now))
        case .extended(let id, let name, let first, let second):
            return extended(id, name, first, second)
        case .unsupported(let id, _):
            return status(id, .unsupported, "Operation unsupported")
        }
    }

    private func open(_ id: UInt32, _ path: String, _ flags: UInt32) -> [UInt8] {
        let writing = flags & (SFTP.openWrite | SFTP.openAppend | SFTP.openCreate) != 0
        if session.fs.isDirectory(path) { return status(id, .failure, "Failure") }
        var data: [UInt8] = []
        if flags & SFTP.openTruncate == 0, session.fs.stat(path) != nil {
            switch session.fs.read(path) {
            case .success(let bytes): data = bytes
            case .failure(let e): return status(id, Self.code(e), e.text)
            }
        } else if !writing {
            return status(id, .noSuchFile, "No such file")
        }
        if writing {
            log("sftp put \(path)")
            guard session.fs.isDirectory(FSPath.split(path).parent) else { return status(id, .noSuchFile, "No such file") }
        }
        return newHandle(id, .file(path: path, data: data, writable: writing, dirty: writing && flags & SFTP.openTruncate != 0))
    }

    private func write(_ id: UInt32, _ number: UInt32, _ offset: UInt64, _ chunk: [UInt8]) -> [UInt8] {
        guard case .file(let path, var data, true, _)? = handles[number] else { return status(id, .permissionDenied, "Permission denied") }
        guard offset <= UInt64(Self.maxFileBytes), Int(offset) + chunk.count <= Self.maxFileBytes else {
            return status(id, .failure, "Failure")
        }
        let start = Int(offset)
        if start > data.count { data += [UInt8](repeating: 0, count: start - data.count) }
        let end = start + chunk.count
        if end > data.count { data += [UInt8](repeating: 0, count: end - data.count) }
        data.replaceSubrange(start..<end, with: chunk)
        handles[number] = .file(path: path, data: data, writable: true, dirty: true)
        return status(id, .ok, "Success")
    }

    private func close(_ id: UInt32, _ number: UInt32) -> [UInt8] {
        guard let handle = handles.removeValue(forKey: number) else { return status(id, .failure, "Failure") }
        if case .file(let path, let data, _, true) = handle {
            if let error = session.fs.write(path, data, mtime: session.now) { return status(id, Self.code(error), error.text) }
            session.recordUpload(path: path, bytes: data)
        }
        return status(id, .ok, "Success")
    }

    /// A client that vanishes mid-upload still leaves what it sent on record.
    private func closeAll() {
        for (number, handle) in handles {
            if case .file(let path, let data, _, true) = handle, !data.isEmpty {
                _ = session.fs.write(path, data, mtime: session.now)
                session.recordUpload(path: path, bytes: data)
            }
            handles[number] = nil
        }
    }

    private func extended(_ id: UInt32, _ name: String, _ first: String?, _ second: String?) -> [UInt8] {
        switch name {
        case "posix-rename@openssh.com":
            guard let from = first, let to = second else { return status(id, .badMessage, "Bad message") }
            log("sftp rename \(from) \(to)")
            return result(id, session.fs.rename(absolute(from), to: absolute(to), mtime: session.now))
        case "expand-path@openssh.com":
            guard var path = first else { return status(id, .badMessage, "Bad message") }
            if path == "~" { path = session.home } else if path.hasPrefix("~/") { path = session.home + path.dropFirst(1) }
            let resolved = absolute(path)
            return self.name(id, [(resolved, resolved, SFTP.Attributes())])
        case "limits@openssh.com":
            var w = SFTP.Writer()
            w.byte(201)
            w.uint32(id)
            w.uint64(UInt64(SFTP.maxPacket))
            w.uint64(UInt64(Self.maxIO))
            w.uint64(UInt64(Self.maxIO))
            w.uint64(UInt64(Self.maxHandles))
            return w.framed
        default:
            return status(id, .unsupported, "Operation unsupported")
        }
    }

    private func chmod(_ path: String, _ a: SFTP.Attributes) -> FSError? {
        guard let permissions = a.permissions else { return nil }
        return session.fs.setNode(path) { $0.mode = Int(permissions & 0o7777) }
    }

    // MARK: replies

    private func newHandle(_ id: UInt32, _ handle: Handle) -> [UInt8] {
        guard handles.count < Self.maxHandles else { return status(id, .failure, "Failure") }
        let number = nextHandle
        nextHandle &+= 1
        handles[number] = handle
        var w = SFTP.Writer()
        w.byte(102)
        w.uint32(id)
        w.string(Self.handleBytes(number))
        return w.framed
    }

    private func status(_ id: UInt32, _ code: SFTP.Status, _ message: String) -> [UInt8] {
        var w = SFTP.Writer()
        w.byte(101)
        w.uint32(id)
        w.uint32(code.rawValue)
        w.string(message)
        w.string("")
        return w.framed
    }

    private func result(_ id: UInt32, _ error: FSError?) -> [UInt8] {
        guard let error else { return status(id, .ok, "Success") }
        return status(id, Self.code(error), error.text)
    }

    private func attributes(_ id: UInt32, _ a: SFTP.Attributes) -> [UInt8] {
        var w = SFTP.Writer()
        w.byte(105)
        w.uint32(id)
        w.attributes(a)
        return w.framed
    }

    private func name(_ id: UInt32, _ entries: [(String, String, SFTP.Attributes)]) -> [UInt8] {
        var w = SFTP.Writer()
        w.byte(104)
        w.uint32(id)
        w.uint32(UInt32(entries.count))
        for (short, long, a) in entries {
            w.string(short)
            w.string(long)
            w.attributes(a)
        }
        return w.framed
    }

    // MARK: helpers

    /// SFTP starts in the user's home; relative paths are taken from there, as sftp-server does.
    func absolute(_ path: String) -> String {
        FSPath.normalize(path.isEmpty ? "." : path, cwd: session.home)
    }

    private func log(_ line: String) {
        var e = session.event(.commandInput)
        e.input = String(line.prefix(1024))
        session.io.emit(e)
    }

    static func attributes(_ node: FSNode) -> SFTP.Attributes {
        let type: Int
        switch node.kind {
        case .directory: type = 0o040000
        case .link: type = 0o120000
        case .char: type = 0o020000
        case .block: type = 0o060000
        case .fifo: type = 0o010000
        case .socket: type = 0o140000
        case .file: type = 0o100000
        }
        let mtime = UInt32(clamping: max(0, node.mtime))
        return SFTP.Attributes(size: UInt64(max(0, node.size)), uid: UInt32(clamping: max(0, node.uid)),
                               gid: UInt32(clamping: max(0, node.gid)), permissions: UInt32(type | (node.mode & 0o7777)),
                               atime: mtime, mtime: mtime)
    }

    /// `ls -l`-style line as sftp-server's ls_file() prints it.
    private func longName(_ name: String, _ node: FSNode) -> String {
        let user = users[node.uid] ?? String(node.uid)
        let group = groups[node.gid] ?? String(node.gid)
        let date = Date(timeIntervalSince1970: TimeInterval(node.mtime))
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = abs(date.timeIntervalSinceNow) < 182 * 86_400 ? "MMM dd HH:mm" : "MMM dd  yyyy"
        let nlink = node.kind == .directory ? 2 : 1
        return "\(Commands.modeString(node)) \(String(nlink).leftPadded(3)) \(user.rightPadded(8)) \(group.rightPadded(8)) "
            + "\(String(node.size).leftPadded(8)) \(f.string(from: date)) \(name)"
    }

    static func number(_ handle: [UInt8]) -> UInt32 {
        guard handle.count == 4 else { return UInt32.max }
        return handle.reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func handleBytes(_ n: UInt32) -> [UInt8] {
        [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
    }

    static func code(_ e: FSError) -> SFTP.Status {
        switch e {
        case .notFound: return .noSuchFile
        case .permission: return .permissionDenied
        default: return .failure
        }
    }
}
