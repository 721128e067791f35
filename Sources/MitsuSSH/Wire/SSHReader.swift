/// Reads SSH wire primitives (RFC 4251 §5) from a byte array. Every read checks the length first and
/// returns nil when the data is short or malformed: a packet from the network never traps the server.
public struct SSHReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset >= bytes.count }

    public mutating func readByte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readBool() -> Bool? { readByte().map { $0 != 0 } }

    public mutating func readUInt32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(bytes[offset + i]) }
        offset += 4
        return v
    }

    public mutating func readBytes(_ n: Int) -> [UInt8]? {
        guard n >= 0, remaining >= n else { return nil }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    /// A `string`: uint32 length then that many bytes. The length is checked against what is left before
    /// anything is allocated.
    public mutating func readString() -> [UInt8]? {
        let save = offset
        guard let n = readUInt32(), Int(n) <= remaining else {
            offset = save
            return nil
        }
        return readBytes(Int(n))
    }

    public mutating func readUTF8() -> String? {
        readString().map { String(decoding: $0, as: UTF8.self) }
    }

    /// A `name-list`: comma-separated US-ASCII names. Empty names (",,") are kept out.
    public mutating func readNameList() -> [String]? {
        guard let raw = readString() else { return nil }
        guard raw.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return raw.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An `mpint` as its raw two's-complement big-endian bytes (callers interpret sign).
    public mutating func readMPIntBytes() -> [UInt8]? { readString() }

    public mutating func readRest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[min(offset, bytes.count)...])
    }
}
