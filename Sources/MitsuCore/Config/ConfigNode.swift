import Yams

/// A read cursor over one YAML mapping that knows where it is (file, line, dotted key path) and which of
/// its keys were read, so that every typo in a config file is reported instead of silently ignored.
public struct ConfigNode {
    let node: Node
    public let file: String
    public let path: String
    private var seen: Set<String> = []

    init(node: Node, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    public var line: Int? { node.mark.map { $0.line } }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func error(_ key: String, _ message: String, at node: Node? = nil) -> ConfigError {
        ConfigError(file: file, line: (node ?? self.node).mark?.line ?? line, key: child(key), message: message)
    }

    public func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: line, key: path, message: message)
    }

    /// Requires this node to be a mapping (an empty document or `~` counts as an empty mapping).
    public func requireMapping() throws -> Node.Mapping {
        if let m = node.mapping { return m }
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" {
            return Node.Mapping([])
        }
        throw error("expected a mapping of keys to values")
    }

    private mutating func raw(_ key: String) throws -> Node? {
        seen.insert(key)
        let m = try requireMapping()
        for (k, v) in m where k.string == key {
            if case .scalar(let s) = v, s.style == .plain, ["~", "null", ""].contains(s.string) { return nil }
            return v
        }
        return nil
    }

    public mutating func string(_ key: String) throws -> String? {
        guard let v = try raw(key) else { return nil }
        guard case .scalar(let s) = v else { throw error(key, "expected a text value", at: v) }
        return s.string
    }

    public mutating func bool(_ key: String) throws -> Bool? {
        guard let v = try raw(key) else { return nil }
        switch v.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(key, "expected true or false, got '\(Self.preview(v))'", at: v)
        }
    }

    public mutating func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = try raw(key) else { return nil }
        guard let text = v.scalar?.string, let n = Int(text) else {
            throw error(key, "expected a whole number, got '\(Self.preview(v))'", at: v)
        }
        guard range.contains(n) else {
            throw error(key, "\(n) is outside \(range.lowerBound)-\(range.upperBound)", at: v)
        }
        return n
    }

    /// A byte count: a whole number, or one with a KiB/MiB/GiB (or K/M/G) suffix.
    public mutating func byteCount(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = try raw(key) else { return nil }
        guard let text = v.scalar?.string, let n = Self.parseBytes(text) else {
            throw error(key, "expected a size such as 65536 or 64KiB, got '\(Self.preview(v))'", at: v)
        }
        guard range.contains(n) else {
            throw error(key, "\(n) bytes is outside \(range.lowerBound)-\(range.upperBound)", at: v)
        }
        return n
    }

    static func parseBytes(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let n = Int(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n >= 0 else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: scale)
            return overflow ? nil : product
        }
        return Int(t)
    }

    public mutating func ports(_ key: String) throws -> [Int]? {
        guard let v = try raw(key) else { return nil }
        guard let seq = v.sequence else { throw error(key, "expected a list of ports, e.g. [81, 8888]", at: v) }
        var out: [Int] = []
        for (i, item) in seq.enumerated() {
            guard let text = item.scalar?.string, let p = Int(text), (1...65535).contains(p) else {
                throw error("\(key)[\(i)]", "'\(Self.preview(item))' is not a port number 1-65535", at: item)
            }
            guard !out.contains(p) else { throw error("\(key)[\(i)]", "port \(p) is listed twice", at: item) }
            out.append(p)
        }
        return out
    }

    public mutating func strings(_ key: String) throws -> [String]? {
        guard let v = try raw(key) else { return nil }
        guard let seq = v.sequence else { throw error(key, "expected a list", at: v) }
        return try seq.enumerated().map { i, item in
            guard let s = item.scalar?.string else { throw error("\(key)[\(i)]", "expected a text value", at: item) }
            return s
        }
    }

    /// A nested mapping, for a sub-section. Call `finish()` on it when done.
    public mutating func section(_ key: String) throws -> ConfigNode? {
        guard let v = try raw(key) else { return nil }
        let sub = ConfigNode(node: v, file: file, path: child(key))
        _ = try sub.requireMapping()
        return sub
    }

    /// The keys of this mapping with their nodes, for open-ended maps (e.g. per-port responses).
    public func entries() throws -> [(key: String, node: ConfigNode)] {
        try requireMapping().map { k, v in (k.string ?? "", ConfigNode(node: v, file: file, path: child(k.string ?? ""))) }
    }

    public var scalarText: String? { node.scalar?.string }

    /// The line of each item of the list under `key`.
    public func itemLines(of key: String) -> [Int] {
        guard let m = node.mapping else { return [] }
        for (k, v) in m where k.string == key { return v.sequence?.map { $0.mark?.line ?? 0 } ?? [] }
        return []
    }

    /// The line of `key`'s value, for errors found after parsing (e.g. an algorithm a module lacks).
    public func line(of key: String) -> Int? {
        guard let m = node.mapping else { return nil }
        for (k, v) in m where k.string == key { return v.mark?.line ?? k.mark?.line }
        return nil
    }

    /// Rejects every key that was not read: typos must not be silently ignored.
    public func finish() throws {
        for (k, v) in try requireMapping() where !seen.contains(k.string ?? "") {
            throw ConfigError(file: file, line: k.mark?.line ?? v.mark?.line, key: child(k.string ?? ""),
                              message: "unknown key (known here: \(seen.sorted().joined(separator: ", ")))")
        }
    }

    static func preview(_ n: Node) -> String {
        switch n {
        case .scalar(let s): return String(s.string.prefix(60))
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
