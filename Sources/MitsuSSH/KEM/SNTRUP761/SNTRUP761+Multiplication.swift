// Multiplication in R/q and R/3, where R = Z[x]/(x^p - x - 1).
//
// One operand is always ternary, so every partial product a_i·b_j fits in
// 16 bits: |a_i| ≤ 2295 and |b_j| ≤ 2 (2 only for a corrupted secret key,
// whose unused 2-bit pattern decodes to 2). Rows are summed in Int16 lanes,
// which SIMD units process twice as wide as Int32 and can multiply natively,
// in blocks of 7 rows (7 · 2295 · 2 < 2^15, so a block never overflows), and
// each block is then widened into Int32 totals. The exact integer product is
// reduced once per coefficient at the end.
//
// The loops run over every coefficient regardless of value: no sparse
// shortcuts keyed on where a secret's non-zero coefficients sit.

extension SNTRUP761 {
    /// f · g in R/q, for f in R/q and ternary g.
    static func multiply(_ f: RqPolynomial, bySmall g: SmallPolynomial) -> RqPolynomial {
        productModuloRing(f, g.map(Int16.init)).map(freezeQ)
    }

    /// f · g in R/3.
    static func multiply(_ f: SmallPolynomial, _ g: SmallPolynomial) -> SmallPolynomial {
        productModuloRing(f.map(Int16.init), g.map(Int16.init)).map(freeze3)
    }

    /// Rows summed in Int16 before widening; see the overflow bound above.
    private static let rowsPerBlock = 7

    /// The product of two degree < p integer polynomials (|a_i| ≤ 2295,
    /// |b_j| ≤ 2), reduced modulo x^p - x - 1 but not modulo any
    /// coefficient modulus.
    private static func productModuloRing(_ a: [Int16], _ b: [Int16]) -> [Int32] {
        precondition(a.count == p && b.count == p)
        var total = [Int32](repeating: 0, count: 2 * p - 1)
        var block = [Int16](repeating: 0, count: 2 * p - 1)
        // Internal fixed-size buffers (never raw input bytes) whose sizes are
        // checked above; the loop bounds keep every access in range, and
        // unsafe buffers let the compiler vectorize the inner loops.
        total.withUnsafeMutableBufferPointer { total in
            block.withUnsafeMutableBufferPointer { block in
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        for first in stride(from: 0, to: p, by: rowsPerBlock) {
                            let last = min(first + rowsPerBlock, p) - 1
                            for i in first...last {
                                let bi = b[i]
                                let row = UnsafeMutableBufferPointer(rebasing: block[i..<(i + p)])
                                for j in 0..<p {
                                    row[j] &+= bi &* a[j]
                                }
                            }
                            // Rows first...last touch columns first ..< last + p.
                            for k in first..<(last + p) {
                                total[k] &+= Int32(block[k])
                                block[k] = 0
                            }
                        }
                    }
                }
            }
        }
        // x^(p+k) = x^(k+1) + x^k: fold the high half onto the low half.
        // Targets k and k + 1 are both below p, so one pass suffices.
        var reduced = Array(total[0..<p])
        for k in 0..<(p - 1) {
            let high = total[p + k]
            reduced[k] &+= high
            reduced[k + 1] &+= high
        }
        return reduced
    }
}
