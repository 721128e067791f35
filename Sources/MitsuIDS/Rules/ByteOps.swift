/// `byte_test`, `byte_jump`, `isdataat`: numbers read out of the buffer at an offset.
public struct ByteRead: Sendable {
    public var count: Int
    public var offset: Int
    public var relative = false
    public var littleEndian = false
    /// Nil for binary; 8, 10 or 16 for `string,oct|dec|hex`.
    public var stringBase: Int?

    /// The number at `start + offset`, or nil when the bytes are not there or not a number.
    func read(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> (value: UInt64, end: Int)? {
        let (begin, o1) = start.addingReportingOverflow(offset)
        guard !o1, begin >= 0, begin <= buf.count, count > 0 || stringBase != nil else { return nil }
        // A count of 0 with `string` (seen in ET Open) reads the digits that are there, up to 20.
        let (want, o2) = begin.addingReportingOverflow(count == 0 ? 20 : count)
        let end = count == 0 ? min(want, buf.count) : want
        guard !o2, end <= buf.count else { return nil }
        if let base = stringBase {
            var v: UInt64 = 0
            var any = false
            for i in begin..<end {
                let c = buf[i]
                let d: Int
                switch c {
                case 48...57: d = Int(c - 48)
                case 97...102: d = Int(c - 87)
                case 65...70: d = Int(c - 55)
                default: d = 99
                }
                guard d < base else { break }
                let (m, om) = v.multipliedReportingOverflow(by: UInt64(base))
                let (a, oa) = m.addingReportingOverflow(UInt64(d))
                guard !om, !oa else { return nil }
                v = a
                any = true
            }
            return any ? (v, end) : nil
        }
        guard count <= 8 else { return nil }
        var v: UInt64 = 0
        for k in 0..<count {
            let b = UInt64(buf[littleEndian ? end - 1 - k : begin + k])
            v = (v << 8) | b
        }
        return (v, end)
    }
}

public struct ByteTest: Sendable {
    public enum Op: String, Sendable { case lt = "<", gt = ">", le = "<=", ge = ">=", eq = "=", and = "&", xor = "^" }
    public var read: ByteRead
    public var op: Op
    public var negated = false
    public var value: UInt64
    public var bitmask: UInt64?

    func matches(_ buf: UnsafeBufferPointer<UInt8>, prevEnd: Int) -> Bool {
        guard var (v, _) = read.read(buf, from: read.relative ? prevEnd : 0) else { return false }
        if let mask = bitmask {
            v &= mask
            if mask != 0 { v >>= UInt64(mask.trailingZeroBitCount) }
        }
        let r: Bool
        switch op {
        case .lt: r = v < value
        case .gt: r = v > value
        case .le: r = v <= value
        case .ge: r = v >= value
        case .eq: r = v == value
        case .and: r = (v & value) != 0
        case .xor: r = (v ^ value) != 0
        }
        return r != negated
    }
}

public struct ByteJump: Sendable {
    public var read: ByteRead
    public var multiplier: Int = 1
    public var align = false
    public var fromBeginning = false
    public var fromEnd = false
    public var postOffset = 0

    /// The new detection position, or nil when the jump leaves the buffer.
    func jump(_ buf: UnsafeBufferPointer<UInt8>, prevEnd: Int) -> Int? {
        guard let (v, end) = read.read(buf, from: read.relative ? prevEnd : 0), v < UInt64(Int32.max) else { return nil }
        var (n, o) = Int(v).multipliedReportingOverflow(by: multiplier)
        guard !o else { return nil }
        if align, n % 4 != 0 { n += 4 - n % 4 }
        let base = fromBeginning ? 0 : (fromEnd ? buf.count : end)
        var pos: Int
        (pos, o) = base.addingReportingOverflow(n)
        guard !o else { return nil }
        (pos, o) = pos.addingReportingOverflow(postOffset)
        guard !o, pos >= 0, pos <= buf.count else { return nil }
        return pos
    }
}

public struct IsDataAt: Sendable {
    public var position: Int
    public var relative = false
    public var negated = false

    func matches(_ buf: UnsafeBufferPointer<UInt8>, prevEnd: Int) -> Bool {
        // As Suricata: relative means "N more bytes after the last match", absolute "a byte at index N".
        let (p, o) = (relative ? prevEnd : 0).addingReportingOverflow(position)
        let has = !o && p >= 0 && (relative ? p <= buf.count : p < buf.count)
        return has != negated
    }
}
