// Data-oblivious sorting, used to place the non-zero coefficients of a short
// polynomial at random positions. The positions are secret, so the sort must
// not branch or index on the values: a fixed network of compare-exchanges
// whose shape depends only on the array length does that.

extension SNTRUP761 {
    /// Sorts ascending with Batcher's merge-exchange network (Knuth, TAOCP
    /// vol. 3, §5.2.2, Algorithm M), which works for any length. The sorted
    /// order of a list is unique, so this agrees with any other sort.
    static func obliviousSort(_ values: inout [UInt32]) {
        let count = values.count
        guard count > 1 else { return }
        var topStride = 1
        while topStride < count - topStride { topStride <<= 1 }  // 2^(ceil(lg count) - 1)

        values.withUnsafeMutableBufferPointer { values in
            var span = topStride
            while span > 0 {
                var limit = topStride
                var residue = 0
                var distance = span
                while true {
                    // One round: compare i with i + distance for every
                    // i < count - distance whose `span` bit equals `residue`,
                    // i.e. runs of `span` indices every 2·span. The pairs of a
                    // round are disjoint. Indices and the loop shape are
                    // public; only the compared values are secret.
                    let end = count - distance
                    var runStart = residue
                    while runStart < end {
                        for i in runStart..<min(runStart + span, end) {
                            compareExchange(values, i, i + distance)
                        }
                        runStart += 2 * span
                    }
                    if limit == span { break }
                    distance = limit - span
                    limit >>= 1
                    residue = span
                }
                span >>= 1
            }
        }
    }

    /// Puts the smaller of values[i], values[j] at i, the larger at j,
    /// without branching on them. i < j < values.count by construction.
    @inline(__always)
    private static func compareExchange(_ values: UnsafeMutableBufferPointer<UInt32>, _ i: Int, _ j: Int) {
        let low = values[i]
        let high = values[j]
        // The difference is negative (top bits set) exactly when out of order.
        let outOfOrder = UInt32(truncatingIfNeeded: (Int64(high) &- Int64(low)) >> 63)
        let flip = (low ^ high) & outOfOrder
        values[i] = low ^ flip
        values[j] = high ^ flip
    }
}
