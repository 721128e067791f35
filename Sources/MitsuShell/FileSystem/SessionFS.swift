/// One session's view of the filesystem: the shared image underneath, this session's changes on top
/// (copy-on-write). Nothing written here reaches the real host or outlives the session; the total of
/// written bytes is capped.
public enum FSError: Error, Equatable, Sendable {
    case notFound, isDirectory, notDirectory, exists, permission, denied, notEmpty, noSpace, loop, nameTooLong

    /// strerror text, as coreutils prints it after `cmd: path: `.
    public var text: String {
        switch self {
        case .notFound: return "No such file or directory"
        case .isDirectory: return "Is a directory"
        case .notDirectory: return "Not a directory"
        case .exists: return "File exists"
        case .permission: return "Operation not permitted"
        case .denied: return "Permission denied"
        case .notEmpty: return "Directory not empty"
        case .noSpace: return "No space left on device"
        case .loop: return "Too many levels of symbolic links"
        case .nameTooLong: return "File name too long"
        }
    }
}

public final class SessionFS {
    public let image: FSImage
    let synth: SynthFS
    /// Changed paths; `nil` marks a deleted one.
    private var overlay: [String: FSNode?] = [:]
    private var data: [String: [UInt8]] = [:]
    public private(set) var bytesWritten = 0
    public let byteCap: Int
    /// For a non-root login: the only trees it may change (its home, /tmp, /var/tmp, /dev/shm); nil for root.
    public var writableRoots: [String]?

    func mayChange(_ path: String) -> Bool {
        guard let roots = writableRoots else { return true }
        return roots.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    init(image: FSImage, synth: SynthFS, byteCap: Int = 16 << 20) {
        self.image = image
        self.synth = synth
        self.byteCap = byteCap
    }

    // MARK: lookup

    /// The node at an absolute, normalised path, without following a final symlink.
    public func lstat(_ path: String) -> FSNode? {
        if let o = overlay[path] { return o }
        if let s = synth.node(path) { return s }
        return image.nodes[path]
    }

    /// Follows symlinks in every component (and the last one when `followLast`); nil on a loop.
    public func resolve(_ path: String, followLast: Bool = true) -> String? {
        guard path.utf8.count <= 4096 else { return nil }
        var pending = path.split(separator: "/").map(String.init)
        var current = "/"
        var hops = 0
        while !pending.isEmpty {
            let comp = pending.removeFirst()
            if comp == "." { continue }
            if comp == ".." { current = FSPath.split(current).parent; continue }
            let candidate = FSPath.join(current, comp)
            if let node = lstat(candidate), node.kind == .link, let target = node.target, followLast || !pending.isEmpty {
                hops += 1
                if hops > 16 { return nil }
                let t = target.split(separator: "/").map(String.init)
                pending = t + pending
                if target.hasPrefix("/") { current = "/" }
                continue
            }
            current = candidate
        }
        return current
    }

    public func stat(_ path: String) -> FSNode? {
        guard let r = resolve(path) else { return nil }
        return lstat(r)
    }

    public func isDirectory(_ path: String) -> Bool { stat(path)?.kind == .directory }

    /// True when this session wrote the file's contents.
    public func hasData(_ path: String) -> Bool {
        guard let r = resolve(path) else { return false }
        return data[r] != nil
    }

    /// Names in a directory (resolved), sorted; nil when it is not one.
    public func list(_ dir: String) -> [String]? {
        guard let r = resolve(dir), let node = lstat(r), node.kind == .directory else { return nil }
        if let names = synth.list(r) { return names }
        var names = Set(image.children[r] ?? [])
        for (path, node) in overlay {
            let (parent, name) = FSPath.split(path)
            guard parent == r, path != "/" else { continue }
            if node == nil { names.remove(name) } else { names.insert(name) }
        }
        return names.sorted()
    }

    // MARK: contents

    public func read(_ path: String) -> Result<[UInt8], FSError> {
        guard let r = resolve(path) else { return .failure(.loop) }
        guard let node = lstat(r) else { return .failure(.notFound) }
        if node.kind == .directory { return .failure(.isDirectory) }
        if let d = data[r] { return .success(d) }
        if let s = synth.read(r) { return .success(s) }
        if let c = image.contents[r] { return .success(c) }
        if node.kind == .file, node.mode & 0o111 != 0 || r.contains(".so") {
            return .success(FakeELF.bytes(size: node.size))
        }
        return .success([])
    }

    /// Writes (or appends to) a regular file, creating it with mode 0644 when missing.
    @discardableResult
    public func write(_ path: String, _ bytes: [UInt8], append: Bool = false, mtime: Int) -> FSError? {
        if path.utf8.count > 4096 { return .nameTooLong }
        guard let r = resolve(path) else { return .loop }
        if synth.isSink(r) { return nil }
        if synth.owns(r) { return .permission }
        if !mayChange(r) { return .denied }
        let (parent, _) = FSPath.split(r)
        guard let p = stat(parent) else { return .notFound }
        guard p.kind == .directory else { return .notDirectory }
        let existing = lstat(r)
        if existing?.kind == .directory { return .isDirectory }
        var content = bytes
        if append, existing != nil, case .success(let old) = read(r) { content = old + bytes }
        let grow = content.count - (data[r]?.count ?? 0)
        if bytesWritten + max(0, grow) > byteCap { return .noSpace }
        bytesWritten += max(0, grow)
        data[r] = content
        var node = existing ?? FSNode(kind: .file, mode: 0o644, mtime: mtime)
        node.size = content.count
        node.mtime = mtime
        overlay[r] = node
        return nil
    }

    public func mkdir(_ path: String, parents: Bool, mtime: Int) -> FSError? {
        if path.utf8.count > 4096 { return .nameTooLong }
        guard let r = resolve(path) else { return .loop }
        if let n = stat(r) { return parents && n.kind == .directory ? nil : .exists }
        // Missing ancestors, created top-down without recursion (a hostile `mkdir -p a/a/a/…` is deep).
        var missing: [String] = [r]
        var cursor = FSPath.split(r).parent
        while stat(cursor) == nil, cursor != "/" {
            guard parents else { return .notFound }
            missing.append(cursor)
            cursor = FSPath.split(cursor).parent
        }
        for dir in missing.reversed() {
            let parent = FSPath.split(dir).parent
            guard isDirectory(parent) else { return .notDirectory }
            if synth.owns(dir) { return .permission }
            if !mayChange(dir) { return .denied }
            if overlay.count > 100_000 { return .noSpace }
            overlay[dir] = FSNode(kind: .directory, mode: 0o755, size: 4096, mtime: mtime)
        }
        return nil
    }

    public func remove(_ path: String, recursive: Bool, depth: Int = 0) -> FSError? {
        guard let r = resolve(path, followLast: false), let node = lstat(r) else { return .notFound }
        if synth.owns(r) { return .permission }
        if !mayChange(r) { return .denied }
        if node.kind == .directory {
            guard recursive else { return .isDirectory }
            // Depth-capped: deeper leftovers become unreachable once their ancestor is gone.
            if depth < 64 { for name in list(r) ?? [] { _ = remove(FSPath.join(r, name), recursive: true, depth: depth + 1) } }
        }
        overlay[r] = .some(nil)
        data[r] = nil
        return nil
    }

    public func rmdir(_ path: String) -> FSError? {
        guard let r = resolve(path, followLast: false), let node = lstat(r) else { return .notFound }
        guard node.kind == .directory else { return .notDirectory }
        guard (list(r) ?? []).isEmpty else { return .notEmpty }
        overlay[r] = .some(nil)
        return nil
    }

    public func setNode(_ path: String, _ change: (inout FSNode) -> Void) -> FSError? {
        guard let r = resolve(path), var node = lstat(r) else { return .notFound }
        if synth.owns(r) { return .permission }
        if !mayChange(r) { return .permission }
        change(&node)
        overlay[r] = node
        return nil
    }

    public func symlink(target: String, at path: String, mtime: Int) -> FSError? {
        if lstat(path) != nil { return .exists }
        let (parent, _) = FSPath.split(path)
        guard isDirectory(parent) else { return .notFound }
        overlay[path] = FSNode(kind: .link, mode: 0o777, size: target.utf8.count, mtime: mtime, target: target)
        return nil
    }

    /// Moves a path (and, for a directory, everything under it).
    public func rename(_ from: String, to: String, mtime: Int, depth: Int = 0) -> FSError? {
        guard let src = resolve(from, followLast: false), let node = lstat(src) else { return .notFound }
        if synth.owns(src) { return .permission }
        guard let dst = resolve(to, followLast: false) else { return .loop }
        if dst == src || dst.hasPrefix(src == "/" ? "/" : src + "/") { return .permission }
        if node.kind == .directory {
            if let e = mkdir(dst, parents: false, mtime: mtime), e != .exists { return e }
            if depth < 64 {
                for name in list(src) ?? [] { _ = rename(FSPath.join(src, name), to: FSPath.join(dst, name), mtime: mtime, depth: depth + 1) }
            }
        } else if node.kind == .file {
            let bytes = (try? read(src).get()) ?? []
            if let e = write(dst, bytes, mtime: node.mtime) { return e }
            _ = setNode(dst) { $0.mode = node.mode }
        } else {
            overlay[dst] = node
        }
        overlay[src] = .some(nil)
        data[src] = nil
        return nil
    }
}

/// What `cat /bin/ls` prints on a host that has no real binaries to show: an x86-64 ELF header (bots read
/// `e_machine` from it to choose which malware build to fetch) followed by zeros, capped.
enum FakeELF {
    static func bytes(size: Int) -> [UInt8] {
        var h: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8)
        h += [3, 0, 0x3E, 0, 1, 0, 0, 0]                // ET_DYN, EM_X86_64, EV_CURRENT
        h += [0x60, 0x61, 0, 0, 0, 0, 0, 0]             // e_entry
        h += [0x40, 0, 0, 0, 0, 0, 0, 0]                // e_phoff
        h += [0x58, 0x3A, 0x02, 0, 0, 0, 0, 0]          // e_shoff
        h += [0, 0, 0, 0, 0x40, 0, 0x38, 0, 0x0D, 0, 0x40, 0, 0x1F, 0, 0x1E, 0]
        let total = min(max(size, h.count), 8192)
        return h + [UInt8](repeating: 0, count: total - h.count)
    }
}
