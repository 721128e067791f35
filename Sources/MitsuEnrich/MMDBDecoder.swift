/// Decodes values of one section of an MMDB file (the data section, or the metadata).
///
/// All offsets are relative to the start of the section, as the format's pointers are. Every read is
/// checked against the section's end, and decoding is bounded three ways so that a hostile file can neither
/// crash nor hang the process nor exhaust its memory: container nesting depth (`maxDepth`), the number of
/// items one call may produce (`maxItems`: a self-referencing array otherwise expands exponentially), and
/// the bytes of strings/byte arrays one call may copy (`maxBytes`: a thousand pointers to one large string
/// are a thousand copies).
struct MMDBDecoder: @unchecked Sendable {
    // @unchecked: a read-only view into an `MMDBStorage` that the owning reader keeps alive.
    let section: UnsafeRawBufferPointer

    /// GeoIP records nest four levels; 64 leaves room for any sane custom database while keeping the
    /// recursion far from the stack limit.
    static let maxDepth = 64
    /// A GeoLite2-City record has ~150 items and the metadata ~30; 65,536 leaves room for rich custom
    /// databases and caps the cost of a hostile record at a few milliseconds.
    static let maxItems = 1 << 16
    static let maxBytes = 16 << 20

    init(section: UnsafeRawBufferPointer) {
        self.section = section
    }

    var count: Int { section.count }

    // MARK: Control bytes

    /// The type numbers of the specification; 0 ("extended") never appears here.
    enum DataType: UInt8 {
        case pointer = 1, string, double, bytes, uint16, uint32, map
        case int32, uint64, uint128, array, dataCacheContainer, endMarker, boolean, float

        /// The types that fit in the three type bits without a pointer's special encoding (2…7). A switch
        /// rather than `init(rawValue:)`, which the optimizer left as a call on the hottest path.
        @inline(__always)
        static func basic(_ number: UInt8) -> DataType? {
            switch number {
            case 2: return .string
            case 3: return .double
            case 4: return .bytes
            case 5: return .uint16
            case 6: return .uint32
            case 7: return .map
            default: return nil
            }
        }
    }

    /// A decoded control byte: the type, the size field (or, for a pointer, its target) and where the
    /// payload begins.
    struct Control {
        var type: DataType
        var size: Int
        var payload: Int
    }

    @inline(__always)
    func byte(_ offset: Int) throws -> UInt8 {
        guard offset >= 0, offset < section.count else {
            throw MMDBError.invalidData(offset: offset, reason: "read past the end of the section")
        }
        return section.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// Big-endian unsigned integer of `length` (≤ 8) bytes at `offset`.
    @inline(__always)
    func uint(at offset: Int, length: Int) throws -> UInt64 {
        guard length >= 0, length <= 8, offset >= 0, length <= section.count - offset else {
            throw MMDBError.invalidData(offset: offset, reason: "\(length)-byte integer past the end of the section")
        }
        var value: UInt64 = 0
        for i in 0..<length { value = value << 8 | UInt64(section.load(fromByteOffset: offset + i, as: UInt8.self)) }
        return value
    }

    /// The control byte(s) at `offset`. Most values (strings under 29 bytes, small maps, integers) have a
    /// single control byte of a basic type, and most of the rest are short pointers: those cases are
    /// decided inline (the guard `offset < count - 3` covers the up to three bytes a short pointer reads),
    /// everything else in `fullControl`.
    @inline(__always)
    func control(at offset: Int) throws -> Control {
        guard offset >= 0, offset < section.count else {
            throw MMDBError.invalidData(offset: offset, reason: "read past the end of the section")
        }
        let ctrl = section.load(fromByteOffset: offset, as: UInt8.self)
        if ctrl >= 0x40 && ctrl & 0x1F < 29, let type = DataType.basic(ctrl >> 5) {
            return Control(type: type, size: Int(ctrl & 0x1F), payload: offset + 1)
        }
        // GeoLite2 reaches most keys and shared maps through 2- and 3-byte pointers.
        if ctrl >> 5 == 1 && ctrl & 0x18 != 0x18 && offset < section.count - 3 {
            let high = Int(ctrl & 0x7)
            let b1 = Int(section.load(fromByteOffset: offset + 1, as: UInt8.self))
            if ctrl & 0x18 == 0 {
                return Control(type: .pointer, size: high << 8 | b1, payload: offset + 2)
            }
            let b2 = Int(section.load(fromByteOffset: offset + 2, as: UInt8.self))
            if ctrl & 0x18 == 0x08 {
                return Control(type: .pointer, size: 2048 + (high << 16 | b1 << 8 | b2), payload: offset + 3)
            }
            let b3 = Int(section.load(fromByteOffset: offset + 3, as: UInt8.self))
            return Control(type: .pointer, size: 526_336 + (high << 24 | b1 << 16 | b2 << 8 | b3), payload: offset + 4)
        }
        return try fullControl(at: offset)
    }

    private func fullControl(at offset: Int) throws -> Control {
        let ctrl = try byte(offset)
        var position = offset + 1
        var typeNumber = ctrl >> 5
        if typeNumber == 1 {
            // Pointer: two size bits choose a 1–4 byte target; the low three bits of the control byte are
            // the target's most significant bits (except for the 4-byte form).
            let sizeBits = Int(ctrl >> 3 & 0x3)
            let high = UInt64(ctrl & 0x7)
            let tail = try uint(at: position, length: sizeBits + 1)
            let target: UInt64
            switch sizeBits {
            case 0: target = high << 8 | tail
            case 1: target = 2048 + (high << 16 | tail)
            case 2: target = 526_336 + (high << 24 | tail)
            default: target = tail
            }
            return Control(type: .pointer, size: Int(target), payload: position + sizeBits + 1)
        }
        if typeNumber == 0 {
            let extended = try byte(position)
            position += 1
            // Extended types are 8…15; an extended byte of 0 would be a second encoding of type 7.
            guard extended >= 1, extended <= 8 else {
                throw MMDBError.invalidData(offset: offset, reason: "invalid extended type \(Int(extended) + 7)")
            }
            typeNumber = extended + 7
        }
        guard let type = DataType(rawValue: typeNumber) else {
            throw MMDBError.invalidData(offset: offset, reason: "invalid type \(typeNumber)")
        }
        var size = Int(ctrl & 0x1F)
        if size >= 29 {
            let extra = size - 28
            let tail = Int(try uint(at: position, length: extra))
            position += extra
            switch extra {
            case 1: size = 29 + tail
            case 2: size = 285 + tail
            default: size = 65_821 + tail
            }
        }
        return Control(type: type, size: size, payload: position)
    }

    /// The control of the value at `offset`, with one pointer followed. `next` is where the following
    /// value begins: after the pointer, not after its target.
    func resolvedControl(at offset: Int) throws -> (control: Control, next: Int?) {
        let first = try control(at: offset)
        guard first.type == .pointer else { return (first, nil) }
        let target = try control(at: first.size)
        // The specification forbids pointers to pointers; refusing them also rules out pointer cycles.
        guard target.type != .pointer else {
            throw MMDBError.invalidData(offset: offset, reason: "pointer to a pointer")
        }
        return (target, first.payload)
    }

    /// The payload of a string or bytes value, after checking it lies within the section.
    @inline(__always)
    func payloadBytes(_ c: Control) throws -> UnsafeRawBufferPointer {
        guard c.size <= section.count - c.payload else {
            throw MMDBError.invalidData(offset: c.payload, reason: "\(c.size)-byte value past the end of the section")
        }
        return UnsafeRawBufferPointer(rebasing: section[c.payload..<(c.payload + c.size)])
    }

    func double(_ c: Control) throws -> Double {
        guard c.size == 8 else { throw MMDBError.invalidData(offset: c.payload, reason: "double of size \(c.size)") }
        return Double(bitPattern: try uint(at: c.payload, length: 8))
    }

    func float(_ c: Control) throws -> Float {
        guard c.size == 4 else { throw MMDBError.invalidData(offset: c.payload, reason: "float of size \(c.size)") }
        return Float(bitPattern: UInt32(truncatingIfNeeded: try uint(at: c.payload, length: 4)))
    }

    /// Any unsigned type (uint16…uint64, or a uint128 that fits) as `UInt64`, checking the size against
    /// the type's width.
    func unsigned(_ c: Control) throws -> UInt64? {
        let width: Int
        switch c.type {
        case .uint16: width = 2
        case .uint32, .int32: width = 4
        case .uint64: width = 8
        case .uint128: width = 16
        default: return nil
        }
        guard c.size <= width else {
            throw MMDBError.invalidData(offset: c.payload, reason: "integer of size \(c.size) for a \(width)-byte type")
        }
        if c.size > 8 {
            // A uint128 fits only if its high bytes are zero.
            guard try uint(at: c.payload, length: c.size - 8) == 0 else { return nil }
            return try uint(at: c.payload + c.size - 8, length: 8)
        }
        return try uint(at: c.payload, length: c.size)
    }

    // MARK: Skipping

    /// The offset just past the `count` consecutive values at `offset`, without decoding them or following
    /// pointers.
    ///
    /// Iterative, counting the values still owed by open containers: every step consumes at least one
    /// byte, so one call ends within `self.count` steps whatever the input. Each step is also charged to
    /// `budget`: the same bytes can be skipped again and again when they sit in a map that many pointers
    /// share, and only a budget across calls bounds that.
    func skip(at offset: Int, count: Int = 1, budget: inout Int) throws -> Int {
        var position = offset
        var pending = count
        while pending > 0 {
            pending -= 1
            budget -= 1
            guard budget >= 0 else { throw MMDBError.sizeLimitExceeded(offset: position) }
            let c = try control(at: position)
            switch c.type {
            case .pointer:
                position = c.payload
            case .map:
                pending += c.size * 2
                position = c.payload
            case .array:
                pending += c.size
                position = c.payload
            case .boolean:
                position = c.payload
            case .dataCacheContainer, .endMarker:
                throw MMDBError.invalidData(offset: position, reason: "unsupported type \(c.type)")
            default:
                guard c.size <= section.count - c.payload else {
                    throw MMDBError.invalidData(offset: position, reason: "value past the end of the section")
                }
                position = c.payload + c.size
            }
        }
        return position
    }
}
