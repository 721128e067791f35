/// Comparison whose running time does not depend on where two byte strings differ.
///
/// MAC tags must be compared this way: an early-exit comparison tells a forger, through timing, how many
/// leading bytes of a guessed tag were right, letting it build a valid tag byte by byte.
enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Lengths are public (tag sizes are fixed by the
    /// algorithm), so a length mismatch may return early.
    static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<a.count {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}

extension ConstantTime {
    /// True when two 128-bit values, each as two words, are equal. Differences are OR-ed together and
    /// tested once, so no branch depends on which word differs.
    static func equals(_ a: (UInt64, UInt64), _ b: (UInt64, UInt64)) -> Bool {
        ((a.0 ^ b.0) | (a.1 ^ b.1)) == 0
    }
}
