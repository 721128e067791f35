// Sampling of the two kinds of random ternary polynomials, from 32-bit words
// exactly as the reference consumes them (one word per coefficient), so that
// a given random stream yields the reference's keys and ciphertexts.

extension SNTRUP761 {
    /// A uniformly random ternary polynomial with exactly w non-zero
    /// coefficients (each ±1).
    ///
    /// The first w words become keys whose low two bits are 0 or 2 (a
    /// coefficient of -1 or +1), the remaining p - w words keys whose low two
    /// bits are 1 (a coefficient of 0). Sorting the keys obliviously by their
    /// random high bits shuffles those coefficients into random positions.
    static func shortPolynomial(fromWords words: [UInt32]) -> SmallPolynomial {
        precondition(words.count == p)
        var keys = [UInt32](repeating: 0, count: p)
        for i in 0..<p {
            keys[i] = i < w ? words[i] & ~1 : (words[i] & ~2) | 1
        }
        obliviousSort(&keys)
        return keys.map { Int8(truncatingIfNeeded: $0 & 3) &- 1 }
    }

    /// A ternary polynomial with independent, nearly uniform coefficients:
    /// the top of 3·(30 random bits) is 0, 1 or 2.
    static func smallPolynomial(fromWords words: [UInt32]) -> SmallPolynomial {
        precondition(words.count == p)
        return words.map { Int8(truncatingIfNeeded: ((($0 & 0x3fff_ffff) &* 3) >> 30)) &- 1 }
    }

    static func randomShortPolynomial<G: RandomNumberGenerator>(
        _ stream: inout RandomByteStream<G>
    ) -> SmallPolynomial {
        shortPolynomial(fromWords: stream.littleEndianWords(p))
    }

    static func randomSmallPolynomial<G: RandomNumberGenerator>(
        _ stream: inout RandomByteStream<G>
    ) -> SmallPolynomial {
        smallPolynomial(fromWords: stream.littleEndianWords(p))
    }
}
