/// Writes SSH wire primitives (RFC 4251 §5).
public struct SSHWriter {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public init(message: UInt8) {
        self.init()
        bytes.append(message)
    }

    public mutating func byte(_ b: UInt8) { bytes.append(b) }
    public mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }

    public mutating func uint32(_ v: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    public mutating func raw<C: Collection>(_ b: C) where C.Element == UInt8 { bytes.append(contentsOf: b) }

    public mutating func string<C: Collection>(_ b: C) where C.Element == UInt8 {
        uint32(UInt32(b.count))
        bytes.append(contentsOf: b)
    }

    public mutating func string(_ s: String) { string(Array(s.utf8)) }

    public mutating func nameList(_ names: [String]) { string(names.joined(separator: ",")) }

    /// An `mpint` from an unsigned big-endian magnitude: leading zeros stripped, and a zero byte added
    /// when the top bit is set so the value stays positive (RFC 4251 §5).
    public mutating func mpint(unsigned magnitude: [UInt8]) {
        var m = magnitude.drop { $0 == 0 }
        if let first = m.first, first & 0x80 != 0 { m.insert(0, at: m.startIndex) }
        string(Array(m))
    }
}
