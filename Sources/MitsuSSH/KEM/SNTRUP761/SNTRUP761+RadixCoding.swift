// The NTRU Prime "Encode"/"Decode" radix scheme: a list of integers
// R[i] ∈ [0, M[i]) is packed into bytes almost as tightly as one big
// mixed-radix number would be, but in linear time on small integers.
//
// Adjacent pairs are merged into one digit R[i] + R[i+1]·M[i] below
// M[i]·M[i+1]; while that bound is at least 2^14 its low byte is emitted and
// the bound shrinks to ceil(bound / 256). The merged list (half as long) is
// then encoded the same way, until one digit is left, whose bytes end the
// output. Byte counts depend only on the public bounds M, never on the values.

extension SNTRUP761 {
    enum RadixCoding {
        /// Merged bounds stay below this, so every digit fits in 14 bits and
        /// every intermediate product in 28.
        private static let digitLimit: UInt32 = 16384

        /// Packs `values` (each below the matching entry of `bounds`).
        static func encode(_ values: [UInt16], bounds: [UInt16]) -> [UInt8] {
            precondition(values.count == bounds.count && !values.isEmpty)
            var output: [UInt8] = []
            var digits = values.map(UInt32.init)
            var limits = bounds.map(UInt32.init)

            while digits.count > 1 {
                var mergedDigits: [UInt32] = []
                var mergedLimits: [UInt32] = []
                mergedDigits.reserveCapacity((digits.count + 1) / 2)
                mergedLimits.reserveCapacity((digits.count + 1) / 2)
                var index = 0
                while index + 1 < digits.count {
                    var digit = digits[index] &+ digits[index + 1] &* limits[index]
                    var limit = limits[index] &* limits[index + 1]
                    while limit >= digitLimit {
                        output.append(UInt8(truncatingIfNeeded: digit))
                        digit >>= 8
                        limit = (limit + 255) >> 8
                    }
                    mergedDigits.append(digit)
                    mergedLimits.append(limit)
                    index += 2
                }
                if index < digits.count {
                    // An odd element is carried up unchanged.
                    mergedDigits.append(digits[index])
                    mergedLimits.append(limits[index])
                }
                digits = mergedDigits
                limits = mergedLimits
            }

            // The last digit is written little-endian in as many bytes as its
            // bound needs (none when the bound is 1).
            if var digit = digits.first, var limit = limits.first {
                while limit > 1 {
                    output.append(UInt8(truncatingIfNeeded: digit))
                    digit >>= 8
                    limit = (limit + 255) >> 8
                }
            }
            return output
        }

        /// How many bytes `encode` produces for `bounds`.
        static func encodedLength(bounds: [UInt16]) -> Int {
            Plan(bounds: bounds).byteCount
        }

        static func decode(_ bytes: ArraySlice<UInt8>, bounds: [UInt16]) -> [UInt16] {
            decode(bytes, layout: Plan(bounds: bounds))
        }

        /// Unpacks `bytes` into one value per bound of `layout`. `bytes` must
        /// have exactly `layout.byteCount` bytes (callers check lengths
        /// first). Any byte string decodes to in-range values: invalid
        /// encodings are reduced, never rejected, as in the reference.
        static func decode(_ bytes: ArraySlice<UInt8>, layout: Plan) -> [UInt16] {
            precondition(bytes.count == layout.byteCount)
            var cursor = bytes.startIndex

            // Bytes were emitted level by level, pair by pair; read them back
            // in the same order, remembering the low parts of every pair.
            var lowParts: [[(value: UInt32, scale: UInt32)]] = []
            lowParts.reserveCapacity(layout.levels.count)
            for level in layout.levels {
                var parts: [(value: UInt32, scale: UInt32)] = []
                parts.reserveCapacity(level.pairByteCounts.count)
                for byteCount in level.pairByteCounts {
                    var value: UInt32 = 0
                    for shift in 0..<byteCount {
                        value |= UInt32(bytes[cursor]) << (8 * UInt32(shift))
                        cursor += 1
                    }
                    parts.append((value, UInt32(1) << (8 * UInt32(byteCount))))
                }
                lowParts.append(parts)
            }

            // The final digit.
            var digits: [UInt32] = [0]
            if layout.topLimit > 1 {
                var value = UInt32(bytes[cursor])
                cursor += 1
                if layout.topLimit > 256 {
                    value |= UInt32(bytes[cursor]) << 8
                    cursor += 1
                }
                digits[0] = divMod(value, by: layout.topLimit).remainder
            }

            // Walk back down, splitting each merged digit into its pair. The
            // extra reduction of the high half only matters for invalid input.
            for (level, parts) in zip(layout.levels, lowParts).reversed() {
                var split: [UInt32] = []
                split.reserveCapacity(level.limits.count)
                for (pairIndex, part) in parts.enumerated() {
                    let merged = part.value &+ part.scale &* digits[pairIndex]
                    let lowLimit = level.limits[2 * pairIndex]
                    let highLimit = level.limits[2 * pairIndex + 1]
                    let (high, low) = divMod(merged, by: lowLimit)
                    split.append(low)
                    split.append(divMod(high, by: highLimit).remainder)
                }
                if level.limits.count % 2 == 1, let carried = digits.last {
                    split.append(carried)
                }
                digits = split
            }
            return digits.map { UInt16(truncatingIfNeeded: $0) }
        }

        /// The public shape of an encoding: for each merge level its bounds
        /// and how many bytes each pair emits, plus the final bound. Depends
        /// only on the bounds, so callers with fixed bounds build it once.
        struct Plan: Sendable {
            struct Level: Sendable {
                var limits: [UInt32]
                var pairByteCounts: [Int]
            }
            private(set) var levels: [Level] = []
            private(set) var topLimit: UInt32 = 1
            private(set) var byteCount = 0

            init(bounds: [UInt16]) {
                var limits = bounds.map(UInt32.init)
                while limits.count > 1 {
                    var merged: [UInt32] = []
                    var byteCounts: [Int] = []
                    var index = 0
                    while index + 1 < limits.count {
                        var limit = limits[index] * limits[index + 1]
                        var emitted = 0
                        while limit >= digitLimit {
                            emitted += 1
                            limit = (limit + 255) >> 8
                        }
                        merged.append(limit)
                        byteCounts.append(emitted)
                        index += 2
                    }
                    if index < limits.count {
                        merged.append(limits[index])
                    }
                    levels.append(Level(limits: limits, pairByteCounts: byteCounts))
                    byteCount += byteCounts.reduce(0, +)
                    limits = merged
                }
                if let top = limits.first {
                    topLimit = top
                    var limit = top
                    while limit > 1 {
                        byteCount += 1
                        limit = (limit + 255) >> 8
                    }
                }
            }
        }
    }
}
