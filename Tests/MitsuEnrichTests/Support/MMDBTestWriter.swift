@testable import MitsuEnrich

/// A small MaxMind DB writer, for tests only: the tests build their own databases instead of shipping
/// binary fixtures, so every layout, record size and edge case is visible in the test that uses it.
///
/// Like MaxMind's writer it deduplicates: a string or container already written is referenced with a
/// pointer the next time, which exercises pointer decoding in every test database.
final class MMDBTestWriter {
    var recordSize: Int
    var ipVersion: Int
    var databaseType = "Mitsu-Test"
    var languages = ["en"]
    var descriptions = ["en": "Mitsu test database"]
    var buildEpoch: UInt64 = 1_700_000_000
    /// When false, nothing is deduplicated and the data section has no pointers.
    var usePointers = true
    /// Extra bytes written at the start of the data section (to push later values past pointer-size
    /// thresholds).
    var dataPadding: MMDBValue?

    private enum Record: Equatable {
        case empty
        case node(Int)
        case data(MMDBValue)
    }

    private var nodes: [(Record, Record)] = [(.empty, .empty)]

    init(recordSize: Int = 28, ipVersion: Int = 6) {
        self.recordSize = recordSize
        self.ipVersion = ipVersion
    }

    /// Adds a network in CIDR notation. Insert less specific networks first: a later, more specific one
    /// carves its part out of them.
    func insert(_ cidr: String, _ value: MMDBValue) {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let ip = IPAddress(String(parts[0])), let prefix = Int(parts[1]) else {
            fatalError("bad CIDR \(cidr) in a test")
        }
        var bits: [Int]
        var length = prefix
        if let v4 = ip.ipv4, !String(parts[0]).contains(":") {
            bits = (0..<32).map { Int(v4 >> UInt32(31 - $0) & 1) }
            if ipVersion == 6 {
                bits = Array(repeating: 0, count: 96) + bits
                length += 96
            }
        } else {
            precondition(ipVersion == 6, "IPv6 network in an IPv4 test database")
            bits = (0..<128).map { i in Int((i < 64 ? ip.high : ip.low) >> UInt64(63 - i % 64) & 1) }
        }
        precondition(length >= 1 && length <= bits.count)
        var node = 0
        for depth in 0..<(length - 1) {
            let bit = bits[depth]
            switch record(node, bit) {
            case .node(let next):
                node = next
            case .empty:
                nodes.append((.empty, .empty))
                setRecord(node, bit, .node(nodes.count - 1))
                node = nodes.count - 1
            case .data(let existing):
                nodes.append((.data(existing), .data(existing)))
                setRecord(node, bit, .node(nodes.count - 1))
                node = nodes.count - 1
            }
        }
        setRecord(node, bits[length - 1], .data(value))
    }

    private func record(_ node: Int, _ bit: Int) -> Record {
        bit == 0 ? nodes[node].0 : nodes[node].1
    }

    private func setRecord(_ node: Int, _ bit: Int, _ record: Record) {
        if bit == 0 { nodes[node].0 = record } else { nodes[node].1 = record }
    }

    var nodeCount: Int { nodes.count }

    // MARK: Output

    func build() -> [UInt8] {
        var data = DataSectionWriter(usePointers: usePointers)
        if let dataPadding { _ = data.write(dataPadding) }
        let nodeCount = nodes.count
        func number(_ r: Record) -> Int {
            switch r {
            case .empty: return nodeCount
            case .node(let n): return n
            case .data(let value): return nodeCount + 16 + data.offset(of: value)
            }
        }
        var tree: [UInt8] = []
        for (left, right) in nodes {
            tree += MMDBTestWriter.node(left: number(left), right: number(right), recordSize: recordSize)
        }
        return MMDBTestWriter.file(tree: tree, data: data.bytes, metadata: metadata())
    }

    func metadata(nodeCount: Int? = nil) -> MMDBValue {
        .map([
            "node_count": .uint32(UInt32(nodeCount ?? nodes.count)),
            "record_size": .uint16(UInt16(recordSize)),
            "ip_version": .uint16(UInt16(ipVersion)),
            "database_type": .string(databaseType),
            "languages": .array(languages.map { .string($0) }),
            "binary_format_major_version": .uint16(2),
            "binary_format_minor_version": .uint16(0),
            "build_epoch": .uint64(buildEpoch),
            "description": .map(descriptions.mapValues { .string($0) }),
        ])
    }

    static func node(left: Int, right: Int, recordSize: Int) -> [UInt8] {
        switch recordSize {
        case 24:
            return [UInt8(left >> 16 & 0xFF), UInt8(left >> 8 & 0xFF), UInt8(left & 0xFF),
                    UInt8(right >> 16 & 0xFF), UInt8(right >> 8 & 0xFF), UInt8(right & 0xFF)]
        case 28:
            return [UInt8(left >> 16 & 0xFF), UInt8(left >> 8 & 0xFF), UInt8(left & 0xFF),
                    UInt8((left >> 24 & 0x0F) << 4 | (right >> 24 & 0x0F)),
                    UInt8(right >> 16 & 0xFF), UInt8(right >> 8 & 0xFF), UInt8(right & 0xFF)]
        default:
            return [24, 16, 8, 0].map { UInt8(left >> $0 & 0xFF) } + [24, 16, 8, 0].map { UInt8(right >> $0 & 0xFF) }
        }
    }

    /// Assembles a file from its parts; tests use it to build deliberately broken databases.
    static func file(tree: [UInt8], data: [UInt8], metadata: MMDBValue) -> [UInt8] {
        var meta = DataSectionWriter(usePointers: false)
        _ = meta.write(metadata)
        return tree + [UInt8](repeating: 0, count: 16) + data + MMDBMetadata.marker + meta.bytes
    }

    /// The encoding of one value with no pointers.
    static func encode(_ value: MMDBValue) -> [UInt8] {
        var writer = DataSectionWriter(usePointers: false)
        _ = writer.write(value)
        return writer.bytes
    }
}

/// Serialises values into a data section (format v2 encoding).
struct DataSectionWriter {
    private(set) var bytes: [UInt8] = []
    let usePointers: Bool
    private var written: [MMDBValue: Int] = [:]
    private var keys: [String: Int] = [:]

    init(usePointers: Bool) {
        self.usePointers = usePointers
    }

    /// The offset of `value`, writing it if needed.
    mutating func offset(of value: MMDBValue) -> Int {
        if let existing = written[value] { return existing }
        return write(value)
    }

    @discardableResult
    mutating func write(_ value: MMDBValue) -> Int {
        let start = bytes.count
        switch value {
        case .string(let s):
            let utf8 = Array(s.utf8)
            bytes += DataSectionWriter.control(2, utf8.count) + utf8
        case .double(let d):
            bytes += DataSectionWriter.control(3, 8) + DataSectionWriter.bigEndian(d.bitPattern, 8)
        case .bytes(let b):
            bytes += DataSectionWriter.control(4, b.count) + b
        case .uint16(let v):
            bytes += DataSectionWriter.minimal(5, UInt64(v))
        case .uint32(let v):
            bytes += DataSectionWriter.minimal(6, UInt64(v))
        case .map(let entries):
            bytes += DataSectionWriter.control(7, entries.count)
            for key in entries.keys.sorted() {
                writeKey(key)
                // Sub-values are written in place, or referenced when already present.
                if let value = entries[key] { writeChild(value) }
            }
        case .int32(let v):
            if v < 0 {
                bytes += DataSectionWriter.control(8, 4) + DataSectionWriter.bigEndian(UInt64(UInt32(bitPattern: v)), 4)
            } else {
                bytes += DataSectionWriter.minimal(8, UInt64(v))
            }
        case .uint64(let v):
            bytes += DataSectionWriter.minimal(9, v)
        case .uint128(let high, let low):
            if high == 0 {
                bytes += DataSectionWriter.minimal(10, low)
            } else {
                let highBytes = DataSectionWriter.bigEndian(high, 8).drop { $0 == 0 }
                bytes += DataSectionWriter.control(10, highBytes.count + 8) + highBytes + DataSectionWriter.bigEndian(low, 8)
            }
        case .array(let elements):
            bytes += DataSectionWriter.control(11, elements.count)
            for element in elements { writeChild(element) }
        case .bool(let b):
            bytes += DataSectionWriter.control(14, b ? 1 : 0)
        case .float(let f):
            bytes += DataSectionWriter.control(15, 4) + DataSectionWriter.bigEndian(UInt64(f.bitPattern), 4)
        }
        if usePointers, written[value] == nil { written[value] = start }
        return start
    }

    private mutating func writeChild(_ value: MMDBValue) {
        if usePointers, let existing = written[value], worthPointing(value) {
            bytes += DataSectionWriter.pointer(to: existing)
        } else {
            write(value)
        }
    }

    private func worthPointing(_ value: MMDBValue) -> Bool {
        switch value {
        case .string(let s): return s.utf8.count >= 3
        case .map, .array, .bytes, .double: return true
        default: return false
        }
    }

    private mutating func writeKey(_ key: String) {
        if usePointers, let existing = keys[key] ?? written[.string(key)] {
            bytes += DataSectionWriter.pointer(to: existing)
            return
        }
        let start = bytes.count
        write(.string(key))
        if usePointers { keys[key] = start }
    }

    // MARK: Encoding primitives

    static func control(_ type: Int, _ size: Int) -> [UInt8] {
        var sizeField: Int
        var sizeBytes: [UInt8] = []
        switch size {
        case ..<29: sizeField = size
        case ..<285: sizeField = 29; sizeBytes = [UInt8(size - 29)]
        case ..<65_821: sizeField = 30; sizeBytes = bigEndian(UInt64(size - 285), 2)
        default: sizeField = 31; sizeBytes = bigEndian(UInt64(size - 65_821), 3)
        }
        if type <= 7 { return [UInt8(type << 5 | sizeField)] + sizeBytes }
        return [UInt8(sizeField), UInt8(type - 7)] + sizeBytes
    }

    static func pointer(to target: Int) -> [UInt8] {
        switch target {
        case ..<2048:
            return [UInt8(0x20 | target >> 8), UInt8(target & 0xFF)]
        case ..<526_336:
            let t = target - 2048
            return [UInt8(0x28 | t >> 16), UInt8(t >> 8 & 0xFF), UInt8(t & 0xFF)]
        case ..<(526_336 + (1 << 27)):
            let t = target - 526_336
            return [UInt8(0x30 | t >> 24), UInt8(t >> 16 & 0xFF), UInt8(t >> 8 & 0xFF), UInt8(t & 0xFF)]
        default:
            return [0x38] + bigEndian(UInt64(target), 4)
        }
    }

    static func minimal(_ type: Int, _ value: UInt64) -> [UInt8] {
        let payload = Array(bigEndian(value, 8).drop { $0 == 0 })
        return control(type, payload.count) + payload
    }

    static func bigEndian(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (UInt64(count - 1 - $0) * 8)) }
    }
}
