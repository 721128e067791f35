// Wire formats of the three kinds of polynomials: public keys (R/q elements),
// ciphertexts (rounded R/q elements) and ternary "small" polynomials (secret
// key parts and the hashed encapsulation input).

extension SNTRUP761 {
    /// Coefficients of an element of R/q, centered in [-q12, q12].
    typealias RqPolynomial = [Int16]

    /// Ternary coefficients in {-1, 0, 1}.
    typealias SmallPolynomial = [Int8]

    private static let rqBounds = [UInt16](repeating: UInt16(q), count: p)
    private static let roundedBounds = [UInt16](repeating: roundedRange, count: p)
    private static let rqLayout = RadixCoding.Plan(bounds: rqBounds)
    private static let roundedLayout = RadixCoding.Plan(bounds: roundedBounds)

    // MARK: R/q (public keys)

    static func encodeRq(_ polynomial: RqPolynomial) -> [UInt8] {
        // Shift to [0, q) so the coefficients are digits below q.
        let digits = polynomial.map { UInt16(truncatingIfNeeded: Int32($0) &+ q12) }
        return RadixCoding.encode(digits, bounds: rqBounds)
    }

    static func decodeRq(_ bytes: ArraySlice<UInt8>) -> RqPolynomial {
        RadixCoding.decode(bytes, layout: rqLayout).map {
            Int16(truncatingIfNeeded: Int32($0) &- q12)
        }
    }

    // MARK: Rounded R/q (ciphertexts)

    /// `polynomial` must have every coefficient a multiple of 3 (the output
    /// of `round`), so (c + q12) / 3 is exact; the multiply-shift by
    /// 10923 / 2^15 computes it without a division.
    static func encodeRounded(_ polynomial: RqPolynomial) -> [UInt8] {
        let digits = polynomial.map {
            UInt16(truncatingIfNeeded: ((Int32($0) &+ q12) &* 10923) >> 15)
        }
        return RadixCoding.encode(digits, bounds: roundedBounds)
    }

    static func decodeRounded(_ bytes: ArraySlice<UInt8>) -> RqPolynomial {
        RadixCoding.decode(bytes, layout: roundedLayout).map {
            Int16(truncatingIfNeeded: Int32($0) &* 3 &- q12)
        }
    }

    // MARK: Small (ternary) polynomials

    /// Two bits per coefficient (c + 1 ∈ {0, 1, 2}), least significant first,
    /// four to a byte; p = 4·190 + 1, so the last byte holds one coefficient.
    static func encodeSmall(_ polynomial: SmallPolynomial) -> [UInt8] {
        precondition(polynomial.count == p)
        var bytes = [UInt8](repeating: 0, count: smallBytes)
        for (index, coefficient) in polynomial.enumerated() {
            let twoBits = UInt8(truncatingIfNeeded: coefficient &+ 1) & 3
            bytes[index / 4] |= twoBits << (2 * (index % 4))
        }
        return bytes
    }

    /// Inverse of `encodeSmall`. The unused bit pattern 3 decodes to 2, as in
    /// the reference; only secret keys are decoded this way, so that can only
    /// come from a corrupted key, and the arithmetic tolerates it.
    static func decodeSmall(_ bytes: ArraySlice<UInt8>) -> SmallPolynomial {
        precondition(bytes.count == smallBytes)
        var polynomial = SmallPolynomial(repeating: 0, count: p)
        for index in 0..<p {
            let byte = bytes[bytes.startIndex + index / 4]
            let twoBits = (byte >> (2 * (index % 4))) & 3
            polynomial[index] = Int8(twoBits) &- 1
        }
        return polynomial
    }
}
