// Branch-free modular reduction and masks. Coefficients derived from secret
// data (the private key, the encapsulation randomness) pass through these, so
// they use multiply-and-shift reductions instead of `%` (which the compiler
// only turns into multiplications for constant divisors in optimized builds,
// and which is a variable-time hardware division otherwise).

extension SNTRUP761 {
    /// round(2^40 / q).
    private static let qReciprocal: Int64 = 239_492_840

    /// The centered representative of `x` modulo q, in [-q12, q12].
    ///
    /// Barrett reduction: with R = round(2^40 / q), the estimate
    /// floor((x·R + 2^39) / 2^40) differs from x/q + 1/2 by |x|/2^41 < 2^-16
    /// for |x| < 2^25, while x/q is never closer than 1/(2q) > 2^-14 to a
    /// half-integer (q is odd), so the estimate is exactly round(x / q).
    /// Every caller stays below 2^25 (the largest is a product accumulator:
    /// 3 · 761 · 2295 · 2 < 2^24, even for a malformed secret key).
    @inline(__always)
    static func freezeQ(_ x: Int32) -> Int16 {
        let quotient = (Int64(x) &* qReciprocal &+ (1 << 39)) >> 40
        return Int16(truncatingIfNeeded: Int64(x) &- quotient &* Int64(q))
    }

    /// The centered representative of `x` modulo 3, in {-1, 0, 1}.
    ///
    /// Same idea with R = round(2^16 / 3) = 21845: the estimate is off by at
    /// most |x|/(3 · 2^16) < 1/6 for |x| < 2^15, and x/3 is at least 1/6 away
    /// from a half-integer. Callers stay far below 2^15.
    @inline(__always)
    static func freeze3(_ x: Int32) -> Int8 {
        let quotient = (x &* 21845 &+ (1 << 15)) >> 16
        return Int8(truncatingIfNeeded: x &- quotient &* 3)
    }

    /// -1 (all bits set) when `x` is non-zero, 0 otherwise.
    @inline(__always)
    static func nonzeroMask(_ x: Int32) -> Int32 {
        (x | (0 &- x)) >> 31
    }

    /// -1 (all bits set) when `x` is negative, 0 otherwise.
    @inline(__always)
    static func negativeMask(_ x: Int32) -> Int32 {
        x >> 31
    }

    /// Quotient and remainder of `x` by a public modulus 0 < m < 2^14, without
    /// a hardware division on `x`.
    ///
    /// With v = floor(2^31 / m), floor(x·v / 2^31) never exceeds floor(x / m),
    /// and after subtracting that many m's the rest is at most
    /// m·(x/2^31 + 1): below 3m after the first round, at most m after the
    /// second (3m·m/2^31 < 1). One masked subtraction finishes the job.
    @inline(__always)
    static func divMod(_ x: UInt32, by m: UInt32) -> (quotient: UInt32, remainder: UInt32) {
        let v = UInt64((UInt32(1) << 31) / m)  // m is public: dividing it is fine
        var rest = x
        var quotient: UInt32 = 0
        for _ in 0..<2 {
            let estimate = UInt32(truncatingIfNeeded: (UInt64(rest) &* v) >> 31)
            rest &-= estimate &* m
            quotient &+= estimate
        }
        // rest ≤ m here: take one more m unless that would go negative.
        rest &-= m
        quotient &+= 1
        let borrowed = 0 &- (rest >> 31)  // all ones if rest went negative
        rest &+= borrowed & m
        quotient &+= borrowed
        return (quotient, rest)
    }
}
