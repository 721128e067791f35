import Foundation

public enum FSKind: Character, Sendable, Equatable {
    case file = "f", directory = "d", link = "l", char = "c", block = "b", fifo = "p", socket = "s"
}

/// Metadata of one path, as `ls -l` and `stat` show it.
public struct FSNode: Sendable, Equatable {
    public var kind: FSKind
    /// Permission bits (0o7777).
    public var mode: Int
    public var uid: Int
    public var gid: Int
    public var size: Int
    public var mtime: Int
    public var target: String?

    public init(kind: FSKind, mode: Int, uid: Int = 0, gid: Int = 0, size: Int = 0, mtime: Int, target: String? = nil) {
        self.kind = kind
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.mtime = mtime
        self.target = target
    }
}

/// The read-only filesystem every session starts from, loaded once per worker from the image that
/// `scripts/make-fs-image.sh` generates from a debootstrapped Debian 12 tree.
public final class FSImage: Sendable {
    public let nodes: [String: FSNode]
    /// Sorted child names per directory path.
    public let children: [String: [String]]
    /// Contents kept in the image (small text files under /etc).
    public let contents: [String: [UInt8]]

    public init(nodes: [String: FSNode], contents: [String: [UInt8]]) {
        var nodes = nodes
        if nodes["/"] == nil { nodes["/"] = FSNode(kind: .directory, mode: 0o755, size: 4096, mtime: 1_700_000_000) }
        var kids: [String: [String]] = [:]
        for path in nodes.keys where path != "/" {
            let (parent, name) = FSPath.split(path)
            kids[parent, default: []].append(name)
        }
        for k in kids.keys { kids[k]?.sort() }
        self.nodes = nodes
        self.children = kids
        self.contents = contents
    }

    /// Parses the text image format (see the script): metadata lines, `%%`, then `=path<TAB>length` blocks.
    public static func parse(_ data: [UInt8]) -> FSImage {
        var nodes: [String: FSNode] = [:]
        var contents: [String: [UInt8]] = [:]
        var i = 0
        var inContents = false
        while i < data.count {
            var e = i
            while e < data.count, data[e] != 0x0A { e += 1 }
            let line = String(decoding: data[i..<e], as: UTF8.self)
            i = e + 1
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line == "%%" { inContents = true; continue }
            if inContents {
                guard line.hasPrefix("=") else { continue }
                let f = line.dropFirst().split(separator: "\t", omittingEmptySubsequences: false)
                guard f.count == 2, let n = Int(f[1]), n >= 0, i + n <= data.count else { break }
                contents[String(f[0])] = Array(data[i..<(i + n)])
                i += n + 1
                continue
            }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 7, let kindChar = f[0].first, let kind = FSKind(rawValue: kindChar),
                  let mode = Int(f[1], radix: 8), let uid = Int(f[2]), let gid = Int(f[3]),
                  let size = Int(f[4]), let mtime = Int(f[5]) else { continue }
            nodes[String(f[6])] = FSNode(kind: kind, mode: mode, uid: uid, gid: gid, size: size, mtime: mtime,
                                         target: f.count > 7 ? String(f[7]) : nil)
        }
        return FSImage(nodes: nodes, contents: contents)
    }

    /// The bundled Debian 12 minbase image.
    public static let debian12: FSImage = {
        guard let url = Bundle.module.url(forResource: "debian12-minbase", withExtension: "fsimage"),
              let data = try? Data(contentsOf: url) else {
            return FSImage(nodes: [:], contents: [:])
        }
        return parse(Array(data))
    }()
}

/// Path arithmetic on strings (never on the real host's filesystem).
public enum FSPath {
    /// `/a/b/../c/.` relative to `cwd` → `/a/c`.
    public static func normalize(_ path: String, cwd: String) -> String {
        let full = path.hasPrefix("/") ? path : cwd + "/" + path
        var out: [Substring] = []
        for comp in full.split(separator: "/") {
            if comp == "." { continue }
            if comp == ".." { _ = out.popLast(); continue }
            out.append(comp)
        }
        return "/" + out.joined(separator: "/")
    }

    public static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("/", path) }
        let parent = String(path[path.startIndex..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    public static func join(_ dir: String, _ name: String) -> String {
        dir == "/" ? "/" + name : dir + "/" + name
    }

    public static func basename(_ path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        return split(trimmed).name.isEmpty ? "/" : split(trimmed).name
    }
}
