// Inversion in R/3 and R/q by constant-time "divsteps" (Bernstein–Yang,
// "Fast constant-time gcd computation and modular inversion", 2019), the
// method the NTRU Prime reference uses. A plain extended Euclid would branch
// on the degrees of intermediate remainders, which depend on the secret.
//
// The state is two polynomials f, g written in reversed coefficient order
// (f starts as the reversal of x^p - x - 1, g as the reversal of the input)
// and two cofactors v, r. Each of the 2p - 1 steps conditionally swaps
// (f, v) with (g, r), cancels g's constant term against f's, and divides g by
// x. After 2p - 1 steps the input is invertible exactly when delta is 0, and
// then v, reversed and divided by f's constant term, is the inverse. Because
// an inverse is unique, the result is byte-for-byte what the reference finds.

extension SNTRUP761 {
    /// A prime coefficient field Z/m, with branch-free centered reduction.
    protocol PrimeField {
        /// The centered representative of `x` modulo m.
        static func reduce(_ x: Int32) -> Int32
        /// The inverse of a non-zero element.
        static func reciprocal(_ x: Int32) -> Int32
    }

    enum FieldMod3: PrimeField {
        @inline(__always)
        static func reduce(_ x: Int32) -> Int32 { Int32(freeze3(x)) }
        /// ±1 are their own inverses.
        @inline(__always)
        static func reciprocal(_ x: Int32) -> Int32 { reduce(x) }
    }

    enum FieldModQ: PrimeField {
        @inline(__always)
        static func reduce(_ x: Int32) -> Int32 { Int32(freezeQ(x)) }
        /// x^(q-2) by square-and-multiply; the exponent is public, so the
        /// sequence of operations does not depend on x.
        static func reciprocal(_ x: Int32) -> Int32 {
            var result: Int32 = 1
            var power = reduce(x)
            var exponent = q - 2
            while exponent > 0 {
                if exponent & 1 == 1 { result = reduce(result &* power) }
                power = reduce(power &* power)
                exponent >>= 1
            }
            return result
        }
    }

    /// `scale` / `a` in (Z/m)[x]/(x^p - x - 1), and whether `a` was
    /// invertible (when it is not, `value` is meaningless). Runs the same
    /// 2p - 1 steps either way.
    static func reciprocal<Field: PrimeField>(
        of a: [Int32], scaledBy scale: Int32, in field: Field.Type
    ) -> (value: [Int32], isInvertible: Bool) {
        precondition(a.count == p)
        let n = p + 1
        let steps = 2 * p - 1

        // v is multiplied by x and g divided by x once per step. Instead of
        // moving their coefficients, each lives in a window of a zeroed
        // buffer that slides by one slot per step: v's window down, g's up.
        // Slots a window slides onto were never written, so they supply the
        // zero that enters (v's new constant term, g's new top term).
        var vStorage = [Int32](repeating: 0, count: steps + n)
        var gStorage = [Int32](repeating: 0, count: n + steps)
        var vBase = steps
        var gBase = 0
        for i in 0..<p { gStorage[p - 1 - i] = a[i] }

        var f = [Int32](repeating: 0, count: n)
        f[0] = 1
        f[p - 1] = -1
        f[p] = -1
        var r = [Int32](repeating: 0, count: n)
        r[0] = Field.reduce(scale)
        var delta: Int32 = 1

        // Internal buffers of fixed size; every window index stays in range
        // because the windows move `steps` slots at most.
        vStorage.withUnsafeMutableBufferPointer { vStorage in
            gStorage.withUnsafeMutableBufferPointer { gStorage in
                f.withUnsafeMutableBufferPointer { f in
                    r.withUnsafeMutableBufferPointer { r in
                        for _ in 0..<steps {
                            vBase -= 1  // v ← x·v
                            let v = UnsafeMutableBufferPointer(rebasing: vStorage[vBase..<(vBase + n)])
                            let g = UnsafeMutableBufferPointer(rebasing: gStorage[gBase..<(gBase + n)])

                            // Swap when delta > 0 and g has a constant term.
                            let swap = negativeMask(0 &- delta) & nonzeroMask(g[0])
                            delta ^= swap & (delta ^ (0 &- delta))
                            delta &+= 1
                            let constantsDiffer = swap & (f[0] ^ g[0])
                            let f0 = f[0] ^ constantsDiffer
                            let g0 = g[0] ^ constantsDiffer

                            // Conditional swap, then g ← f0·g - g0·f (its
                            // constant term becomes 0) and r ← f0·r - g0·v.
                            for i in 0..<n {
                                let t = swap & (f[i] ^ g[i])
                                let newF = f[i] ^ t
                                f[i] = newF
                                g[i] = Field.reduce(f0 &* (g[i] ^ t) &- g0 &* newF)
                            }
                            for i in 0..<n {
                                let t = swap & (v[i] ^ r[i])
                                let newV = v[i] ^ t
                                v[i] = newV
                                r[i] = Field.reduce(f0 &* (r[i] ^ t) &- g0 &* newV)
                            }
                            gBase += 1  // g ← g/x, dropping the zero constant term
                        }
                    }
                }
            }
        }

        let normalizer = Field.reciprocal(f[0])
        var result = [Int32](repeating: 0, count: p)
        for i in 0..<p {
            result[i] = Field.reduce(normalizer &* vStorage[vBase + p - 1 - i])
        }
        return (result, delta == 0)
    }

    /// 1/g in R/3, or nil when g is not invertible there.
    static func reciprocalInR3(_ g: SmallPolynomial) -> SmallPolynomial? {
        let (value, isInvertible) = reciprocal(of: g.map(Int32.init), scaledBy: 1, in: FieldMod3.self)
        // Whether a random g was invertible is not secret once g is redrawn
        // (the reference declassifies it too), so branching here is fine.
        guard isInvertible else { return nil }
        return value.map { Int8(truncatingIfNeeded: $0) }
    }

    /// 1/(3f) in R/q. x^p - x - 1 is irreducible modulo q, so R/q is a
    /// field and every non-zero f (every short f) is invertible; like the
    /// reference, the invertibility flag is not consulted.
    static func reciprocalOfThreeTimes(_ f: SmallPolynomial) -> RqPolynomial {
        let inverseOfThree = FieldModQ.reciprocal(3)
        return reciprocal(of: f.map(Int32.init), scaledBy: inverseOfThree, in: FieldModQ.self)
            .value.map { Int16(truncatingIfNeeded: $0) }
    }
}
