/// Case-insensitive multi-pattern search, the prefilter in front of full rule evaluation.
///
/// Instead of an Aho-Corasick automaton (whose dense tables would take hundreds of MB for ET Open's
/// ~20k fast patterns, and whose sparse form is slow), each pattern is keyed by its first four bytes
/// (fewer for short patterns). A scan loads the four bytes at every position, tests one bit in a
/// 2^21-bit filter indexed by their hash, and only on a hit looks the key up and compares whole patterns.
/// Patterns share keys rarely, so the cost is one load, one multiply and one bit test per byte.
struct MultiPatternMatcher: Sendable {
    /// Lowercased patterns, by id.
    private(set) var patterns: [[UInt8]] = []
    private var filters: [[UInt64]] = []        // per key length 1...4
    private var buckets: [[UInt32: [Int32]]] = []
    private var lengthsPresent: [Bool] = [false, false, false, false, false]

    static let filterBits = 21

    init(patterns raw: [[UInt8]]) {
        filters = Array(repeating: [], count: 5)
        buckets = Array(repeating: [:], count: 5)
        for p in raw {
            let lower = p.map { Self.fold[Int($0)] }
            let id = Int32(patterns.count)
            patterns.append(lower)
            let keyLen = min(4, lower.count)
            guard keyLen > 0 else { continue }
            let key = Self.key(lower, 0, keyLen)
            let h = Self.hash(key)
            if filters[keyLen].isEmpty { filters[keyLen] = Array(repeating: 0, count: (1 << Self.filterBits) / 64) }
            filters[keyLen][h >> 6] |= 1 << UInt64(h & 63)
            buckets[keyLen][key, default: []].append(id)
            lengthsPresent[keyLen] = true
        }
    }

    static let fold: [UInt8] = (0...255).map { b in (65...90).contains(b) ? UInt8(b + 32) : UInt8(b) }

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
    static func hash(_ key: UInt32) -> Int {
        Int((key &* 0x9E37_79B1) >> UInt32(32 - filterBits))
    }

    /// Calls `found` with the id of every pattern that occurs in `text` (possibly more than once).
    /// `scratch` holds the lowercased text; it is reused between calls to avoid allocating.
    func scan(_ text: [UInt8], scratch: inout [UInt8], found: (Int32) -> Void) {
        let n = text.count
        guard n > 0, !patterns.isEmpty else { return }
        if scratch.count < n + 4 { scratch = [UInt8](repeating: 0, count: n + 4) }
        Self.fold.withUnsafeBufferPointer { fold in
            text.withUnsafeBufferPointer { src in
                scratch.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<n { dst[i] = fold[Int(src[i])] }
                }
            }
        }
        scratch.withUnsafeBufferPointer { s in
            for len in 1...4 where lengthsPresent[len] && n >= len {
                filters[len].withUnsafeBufferPointer { filter in
                    var k: UInt32 = 0
                    let mask: UInt32 = len == 4 ? 0xFFFF_FFFF : (1 << UInt32(len * 8)) - 1
                    for i in 0..<(len - 1) { k = k << 8 | UInt32(s[i]) }
                    var i = len - 1
                    while i < n {
                        k = (k << 8 | UInt32(s[i])) & mask
                        let h = Self.hash(k)
                        if filter[h >> 6] & (1 << UInt64(h & 63)) != 0 {
                            verify(start: i - len + 1, key: k, len: len, s, n, found)
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
