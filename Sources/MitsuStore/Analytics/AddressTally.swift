import GRDB

/// Events per source address over a plain time range, by `rollup_src_ips.id`: the range's whole buckets
/// from `AddressChunks`, its ragged ends grouped from raw events, summed in an array indexed by id.
///
/// An array, not a dictionary: a week of uniformly spread scanners is ~2.3 M (id, count) pairs to add up,
/// a few nanoseconds each this way. It holds 4 bytes per address id ever given out (1.4 MB for 350,000
/// addresses), for the duration of one call. Int32 counts: one address would need 2^31 events in range
/// (terabytes of store) to overflow, and the sums wrap instead of trapping.
struct AddressTally {
    private(set) var counts: [Int32]

    init(_ db: Database, span: RollupSpan) throws {
        let maxID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM rollup_src_ips") ?? 0
        var counts = [Int32](repeating: 0, count: Int(max(0, maxID)) + 1)
        var damaged = false
        try counts.withUnsafeMutableBufferPointer { buffer in
            let limit = Int64(buffer.count)
            for piece in span.pieces {
                try AddressChunks.forEachCount(db, width: piece.level.width, from: piece.from, to: piece.to) { id, n in
                    guard id >= 0, id < limit else {
                        damaged = true
                        return
                    }
                    buffer[Int(id)] &+= Int32(truncatingIfNeeded: n)
                }
            }
        }
        if damaged {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "rollup_src_ip_chunks names an address id that rollup_src_ips lacks")
        }
        for edge in span.edges {
            let c = try CompiledFilter(edge, extra: ["src_ip IS NOT NULL"])
            let rows = try Row.fetchCursor(db, sql: """
                SELECT r.id, e.c FROM (SELECT src_ip, COUNT(*) AS c FROM \(c.source) \(c.whereClause) GROUP BY src_ip) AS e
                JOIN rollup_src_ips AS r ON r.src_ip = e.src_ip
                """, arguments: c.arguments)
            while let row = try rows.next() {
                let id: Int64 = row[0]
                let n: Int64 = row[1]
                guard id >= 0, id < counts.count else { continue }
                counts[Int(id)] &+= Int32(truncatingIfNeeded: n)
            }
        }
        self.counts = counts
    }

    /// Addresses with at least one event in range.
    var distinct: Int { counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }

    /// The `limit`-th largest count among addresses with events (nil when none has any), and how many
    /// addresses have more than it: the top `limit` are those, plus the first by address order of the
    /// addresses that have exactly that count.
    func cutoff(_ limit: Int) -> (count: Int32, above: Int)? {
        guard limit > 0 else { return nil }
        // A min-heap of the `limit` largest counts seen so far.
        var heap: [Int32] = []
        heap.reserveCapacity(limit)
        for n in counts where n > 0 {
            if heap.count < limit {
                heap.append(n)
                var i = heap.count - 1
                while i > 0, heap[(i - 1) / 2] > heap[i] {
                    heap.swapAt(i, (i - 1) / 2)
                    i = (i - 1) / 2
                }
            } else if n > heap[0] {
                heap[0] = n
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var smallest = i
                    if l < heap.count, heap[l] < heap[smallest] { smallest = l }
                    if r < heap.count, heap[r] < heap[smallest] { smallest = r }
                    if smallest == i { break }
                    heap.swapAt(i, smallest)
                    i = smallest
                }
            }
        }
        guard let c = heap.first else { return nil }
        return (c, counts.reduce(0) { $0 + ($1 > c ? 1 : 0) })
    }
}
