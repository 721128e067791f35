/// The binary search tree at the start of an MMDB file: one node per prefix bit, two records per node.
///
/// A record below `nodeCount` is the next node, equal to it means "no data", above it points into the
/// data section. The walk is bounded by the address width (32 or 128 steps), so a tree with cycles cannot
/// make it loop.
struct MMDBSearchTree: @unchecked Sendable {
    // @unchecked: a read-only view into an `MMDBStorage` that the owning reader keeps alive.
    private let base: UnsafeRawPointer
    let nodeCount: Int
    let recordSize: Int
    let ipVersion: Int
    /// Bytes per node: two records.
    let nodeByteSize: Int
    /// Bytes of the whole tree; the data section starts 16 bytes after it.
    let byteSize: Int
    /// Where IPv4 lookups start: the node reached by 96 zero bits in an IPv6 tree (cached because every
    /// IPv4 lookup would otherwise walk those 96 levels first), the root in an IPv4 tree.
    private(set) var ipv4Start = 0
    /// How many bits of the IPv6 address were consumed reaching `ipv4Start` (96 unless the `::/96`
    /// subtree is a leaf).
    private(set) var ipv4StartDepth = 0
    /// The record reached after the first 16 bits of every IPv4 address, or empty for small trees.
    ///
    /// The deep levels of a large tree miss the CPU caches on every lookup whatever we do; skipping the
    /// first 16 levels (256 KiB, built at open in ~1 ms) cut the IPv4 walk on GeoLite2-City by about a
    /// quarter. Small trees stay in cache anyway, so they skip the table (and the fuzzer its cost).
    private var ipv4Table: [UInt32] = []
    static let ipv4TableBits = 16
    /// Trees with fewer nodes than this get no table.
    static let ipv4TableMinimumNodes = 1 << 16

    /// Fails unless the tree and the 16-byte separator after it end at or before `limit` (the metadata
    /// marker). That check is what lets `record(_:_:)` read without per-step bounds checks: a node number
    /// is always checked against `nodeCount` first, so its bytes lie inside the tree.
    init(bytes: UnsafeRawBufferPointer, limit: Int, metadata: MMDBMetadata,
         ipv4TableMinimumNodes: Int = MMDBSearchTree.ipv4TableMinimumNodes) throws {
        guard let base = bytes.baseAddress else { throw MMDBError.invalidFileSize(0) }
        self.base = base
        nodeCount = metadata.nodeCount
        recordSize = metadata.recordSize
        ipVersion = metadata.ipVersion
        nodeByteSize = recordSize / 4
        // nodeCount ≤ 2³² and nodeByteSize ≤ 8, so this cannot overflow.
        byteSize = nodeCount * nodeByteSize
        guard byteSize + 16 <= min(limit, bytes.count) else {
            throw MMDBError.searchTreeOutOfBounds(nodeCount: nodeCount, recordSize: recordSize, fileSize: bytes.count)
        }
        if ipVersion == 6 {
            var node = 0
            var depth = 0
            while depth < 96 && node < nodeCount {
                node = record(node, 0)
                depth += 1
            }
            ipv4Start = node
            ipv4StartDepth = depth
        }
        if nodeCount >= ipv4TableMinimumNodes && (ipVersion == 4 || ipv4StartDepth == 96) {
            ipv4Table = buildIPv4Table()
        }
    }

    /// Expands the tree below `ipv4Start` level by level; a record that ends the walk early fills all the
    /// entries below it. Record values are at most 32 bits wide, so `UInt32` holds any of them.
    private func buildIPv4Table() -> [UInt32] {
        var level = [ipv4Start]
        for _ in 0..<MMDBSearchTree.ipv4TableBits {
            var next: [Int] = []
            next.reserveCapacity(level.count * 2)
            for node in level {
                if node < nodeCount {
                    next.append(record(node, 0))
                    next.append(record(node, 1))
                } else {
                    next.append(node)
                    next.append(node)
                }
            }
            level = next
        }
        return level.map { UInt32(truncatingIfNeeded: $0) }
    }

    /// The left (bit 0) or right (bit 1) record of `node`. The caller guarantees `node < nodeCount`.
    @inline(__always)
    func record(_ node: Int, _ bit: Int) -> Int {
        let p = base + node * nodeByteSize
        switch recordSize {
        case 24:
            let q = p + bit * 3
            return Int(q.load(as: UInt8.self)) << 16 | Int(q.load(fromByteOffset: 1, as: UInt8.self)) << 8
                | Int(q.load(fromByteOffset: 2, as: UInt8.self))
        case 28:
            // The middle byte holds the top four bits of both records: high nibble left, low nibble right.
            let middle = Int(p.load(fromByteOffset: 3, as: UInt8.self))
            let q = p + bit * 4
            let low = Int(q.load(as: UInt8.self)) << 16 | Int(q.load(fromByteOffset: 1, as: UInt8.self)) << 8
                | Int(q.load(fromByteOffset: 2, as: UInt8.self))
            let top = bit == 0 ? middle >> 4 : middle & 0x0F
            return top << 24 | low
        default:
            return Int(UInt32(bigEndian: (p + bit * 4).loadUnaligned(as: UInt32.self)))
        }
    }

    /// Walks the tree for `ip`. Returns the record where the walk stopped and the prefix length of the
    /// network it covers (in IPv4 terms for IPv4 addresses), or nil when an IPv6 address is looked up in an
    /// IPv4-only tree.
    @inline(__always)
    func walk(_ ip: IPAddress) -> (record: Int, prefixLength: Int)? {
        if let v4 = ip.ipv4 {
            var node = ipv4Start
            var depth = 0
            if ipVersion == 6 && ipv4StartDepth < 96 {
                return (node, 0) // the whole ::/96 is one record
            }
            let shift = 32 - MMDBSearchTree.ipv4TableBits
            if !ipv4Table.isEmpty {
                // A record that ended the walk within the first 16 bits has no known depth in the table;
                // those (rare) addresses take the plain walk below.
                let entry = Int(ipv4Table[Int(v4 >> UInt32(shift))])
                if entry < nodeCount {
                    node = entry
                    depth = MMDBSearchTree.ipv4TableBits
                }
            }
            while depth < 32 && node < nodeCount {
                node = record(node, Int(v4 >> UInt32(31 - depth) & 1))
                depth += 1
            }
            return (node, depth)
        }
        guard ipVersion == 6 else { return nil }
        var node = 0
        var depth = 0
        while depth < 128 && node < nodeCount {
            let half = depth < 64 ? ip.high : ip.low
            node = record(node, Int(half >> UInt64(63 - depth % 64) & 1))
            depth += 1
        }
        return (node, depth)
    }
}
