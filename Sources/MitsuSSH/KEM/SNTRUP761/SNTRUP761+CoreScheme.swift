// Streamlined NTRU Prime Core: the deterministic-decryption public-key
// scheme underneath the KEM, on polynomials rather than bytes.
//
//   key:        h = g / (3f) in R/q, f short, g small and invertible in R/3
//   encrypt r:  c = Round(h·r)           (Round: nearest multiple of 3)
//   decrypt c:  e = 3f·c in R/q, reduced mod 3, equals g·r mod 3 because
//               3f·c = g·r + 3f·(rounding error) and every term is small;
//               r = e · (1/g) in R/3.

extension SNTRUP761 {
    struct CoreKeyPair {
        /// The public polynomial g / (3f) in R/q.
        var h: RqPolynomial
        /// The short private polynomial.
        var f: SmallPolynomial
        /// 1/g in R/3, kept so decryption needs no inversion.
        var gInverse: SmallPolynomial
    }

    static func coreKeyGeneration<G: RandomNumberGenerator>(
        _ stream: inout RandomByteStream<G>
    ) -> CoreKeyPair {
        // Same draw order as the reference (g until invertible, then f), so
        // the same random bytes give the same key. Most random g are
        // invertible, so the loop rarely runs more than once.
        while true {
            let g = randomSmallPolynomial(&stream)
            guard let gInverse = reciprocalInR3(g) else { continue }
            let f = randomShortPolynomial(&stream)
            let h = multiply(reciprocalOfThreeTimes(f), bySmall: g)
            return CoreKeyPair(h: h, f: f, gInverse: gInverse)
        }
    }

    /// Each coefficient moved to the nearest multiple of 3 (in [-q12, q12]:
    /// q12 is itself a multiple of 3). This rounding is the scheme's noise.
    static func round(_ a: RqPolynomial) -> RqPolynomial {
        a.map { $0 &- Int16(freeze3(Int32($0))) }
    }

    static func coreEncrypt(_ r: SmallPolynomial, publicPolynomial h: RqPolynomial) -> RqPolynomial {
        round(multiply(h, bySmall: r))
    }

    /// Recovers r from c. If the recovered polynomial does not have weight w
    /// (c was not an honest ciphertext), returns a fixed weight-w polynomial
    /// instead, chosen without branching; re-encryption then fails to match
    /// and the KEM rejects implicitly.
    static func coreDecrypt(
        _ c: RqPolynomial, f: SmallPolynomial, gInverse: SmallPolynomial
    ) -> SmallPolynomial {
        let cf = multiply(c, bySmall: f)
        let threeCF = cf.map { freezeQ(3 &* Int32($0)) }
        let e = threeCF.map { freeze3(Int32($0)) }
        let ev = multiply(e, gInverse)

        var weight: Int32 = 0
        for coefficient in ev { weight &+= Int32(coefficient & 1) }
        let invalid = Int8(truncatingIfNeeded: nonzeroMask(weight &- Int32(w)))

        // Valid: ev itself. Invalid: w ones followed by zeros.
        var r = SmallPolynomial(repeating: 0, count: p)
        for i in 0..<p {
            r[i] = i < w ? ((ev[i] ^ 1) & ~invalid) ^ 1 : ev[i] & ~invalid
        }
        return r
    }
}
