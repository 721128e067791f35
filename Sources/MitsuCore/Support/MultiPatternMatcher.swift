/// Case-insensitive (ASCII) multi-pattern search: which of many literals occur in a text, in one pass.
/// The prefilter in front of full rule evaluation for the IDS (fast patterns) and the web classifier
/// (each rule's required literals).
///
/// Instead of an Aho-Corasick automaton (whose dense tables would take hundreds of MB for ET Open's
/// ~20k fast patterns, and whose sparse form is slow), each pattern is keyed by its first four bytes
/// (fewer for short patterns). A scan loads the four bytes at every position, tests one bit in a
/// 2^21-bit filter indexed by their hash, and only on a hit looks the key up and compares whole patterns.
/// Patterns share keys rarely, so the cost is one load, one multiply and one bit test per byte.
public struct MultiPatternMatcher: Sendable {
    /// Lowercased patterns, by id.
    public private(set) var patterns: [[UInt8]] = []
    private var filters: [[UInt64]] = []        // per key length 1...4
    private var buckets: [[UInt32: [Int32]]] = []
    private var lengthsPresent: [Bool] = [false, false, false, false, false]
    /// One- and two-byte patterns are looked up directly (frequent bytes such as `|00|` would make the
    /// hashed path do a dictionary lookup at almost every position).
    private var direct1: [[Int32]] = []
    private var direct2: [Int32] = []        // 65536 slots: index into directLists, or -1
    private var directLists: [[Int32]] = []

    /// Filter size: ~32 bits per pattern (≈3 % of positions reach the exact lookup), at least 2^15 and at
    /// most 2^21 bits. Kept small on purpose: a filter that stays in L1/L2 costs less than the lookups
    /// a larger one saves (measured: a fixed 2^21-bit filter spent 60 % of the scan waiting on its loads).
    private var filterBits = 15

    public init(patterns raw: [[UInt8]]) {
        while filterBits < 21 && (1 << filterBits) < raw.count * 32 { filterBits += 1 }
        filters = Array(repeating: [], count: 5)
        buckets = Array(repeating: [:], count: 5)
        for p in raw {
            let lower = p.map { Self.fold[Int($0)] }
            let id = Int32(patterns.count)
            patterns.append(lower)
            let keyLen = min(4, lower.count)
            guard keyLen > 0 else { continue }
            if keyLen == 1 {
                if direct1.isEmpty { direct1 = Array(repeating: [], count: 256) }
                direct1[Int(lower[0])].append(id)
                continue
            }
            if keyLen == 2 {
                if direct2.isEmpty { direct2 = Array(repeating: -1, count: 65536) }
                let k = Int(lower[0]) << 8 | Int(lower[1])
                if direct2[k] < 0 { direct2[k] = Int32(directLists.count); directLists.append([]) }
                directLists[Int(direct2[k])].append(id)
                continue
            }
            let key = Self.key(lower, 0, keyLen)
            let h = Self.hash(key, filterBits)
            if filters[keyLen].isEmpty { filters[keyLen] = Array(repeating: 0, count: (1 << filterBits) / 64) }
            filters[keyLen][h >> 6] |= 1 << UInt64(h & 63)
            buckets[keyLen][key, default: []].append(id)
            lengthsPresent[keyLen] = true
        }
    }

    /// ASCII lowercasing as a table.
    public static let fold: [UInt8] = (0...255).map { b in (65...90).contains(b) ? UInt8(b + 32) : UInt8(b) }

    @inline(__always)
    static func key(_ p: UnsafeBufferPointer<UInt8>, _ at: Int, _ len: Int) -> UInt32 {
        var k: UInt32 = 0
        for i in 0..<len { k = k << 8 | UInt32(p[at + i]) }
        return k
    }

    static func key(_ p: [UInt8], _ at: Int, _ len: Int) -> UInt32 {
        p.withUnsafeBufferPointer { key($0, at, len) }
    }

    @inline(__always)
    static func hash(_ key: UInt32, _ bits: Int) -> Int {
        Int((key &* 0x9E37_79B1) >> UInt32(32 - bits))
    }

    /// Calls `found` with the id of every pattern that occurs in `text`, once each however often it occurs.
    /// `scratch` holds the lowercased text; it is reused between calls to avoid allocating.
    public func scan(_ text: [UInt8], scratch: inout [UInt8], found: (Int32) -> Void) {
        text.withUnsafeBufferPointer { scan($0, scratch: &scratch, found: found) }
    }

    /// The same over a string's UTF-8, without copying it into an array first.
    public func scan(_ text: String, scratch: inout [UInt8], found: (Int32) -> Void) {
        var text = text
        text.withUTF8 { scan($0, scratch: &scratch, found: found) }
    }

    public func scan(_ text: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8], found: (Int32) -> Void) {
        let n = text.count
        guard n > 0, !patterns.isEmpty else { return }
        if scratch.count < n + 4 { scratch = [UInt8](repeating: 0, count: n + 4) }
        Self.fold.withUnsafeBufferPointer { fold in
            scratch.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n { dst[i] = fold[Int(text[i])] }
            }
        }
        // Each pattern is reported once per scan, however often it occurs.
        var seen = [UInt64](repeating: 0, count: (patterns.count + 63) / 64)
        func report(_ id: Int32) {
            let w = Int(id) >> 6, bit = UInt64(1) << UInt64(id & 63)
            if seen[w] & bit == 0 { seen[w] |= bit; found(id) }
        }
        scratch.withUnsafeBufferPointer { s in
            if !direct1.isEmpty {
                // A byte bitmap first: indexing `direct1` itself would retain an array per input byte.
                var present = [Bool](repeating: false, count: 256)
                for b in 0..<256 { present[b] = !direct1[b].isEmpty }
                var hit = [Bool](repeating: false, count: 256)
                present.withUnsafeBufferPointer { p in
                    for i in 0..<n where p[Int(s[i])] { hit[Int(s[i])] = true }
                }
                for b in 0..<256 where hit[b] { for id in direct1[b] { report(id) } }
            }
            if !direct2.isEmpty, n >= 2 {
                direct2.withUnsafeBufferPointer { d in
                    for i in 1..<n {
                        let slot = d[Int(s[i - 1]) << 8 | Int(s[i])]
                        if slot >= 0 { for id in directLists[Int(slot)] { report(id) } }
                    }
                }
            }
            let bits = filterBits
            for len in 3...4 where lengthsPresent[len] && n >= len {
                filters[len].withUnsafeBufferPointer { filter in
                    var k: UInt32 = 0
                    let mask: UInt32 = len == 4 ? 0xFFFF_FFFF : (1 << UInt32(len * 8)) - 1
                    for i in 0..<(len - 1) { k = k << 8 | UInt32(s[i]) }
                    var i = len - 1
                    while i < n {
                        k = (k << 8 | UInt32(s[i])) & mask
                        let h = Self.hash(k, bits)
                        if filter[h >> 6] & (1 << UInt64(h & 63)) != 0 {
                            verify(start: i - len + 1, key: k, len: len, s, n, report)
                        }
                        i += 1
                    }
                }
            }
        }
    }

    private func verify(start: Int, key: UInt32, len: Int, _ s: UnsafeBufferPointer<UInt8>, _ n: Int, _ found: (Int32) -> Void) {
        guard let ids = buckets[len][key] else { return }
        for id in ids {
            let p = patterns[Int(id)]
            guard start + p.count <= n else { continue }
            var same = true
            var j = len
            while j < p.count {
                if s[start + j] != p[j] { same = false; break }
                j += 1
            }
            if same { found(id) }
        }
    }
}
