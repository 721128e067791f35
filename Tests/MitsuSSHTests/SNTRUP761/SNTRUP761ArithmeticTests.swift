import MitsuCore
import XCTest
#if canImport(MitsuSSH)
@testable import MitsuSSH
#else
@testable import MitsuSSHCrypto
#endif

/// The building blocks, checked against straightforward (variable-time)
/// definitions.
final class SNTRUP761ArithmeticTests: XCTestCase {

    private func centered(_ x: Int64, _ m: Int64) -> Int64 {
        var r = x % m
        if r > m / 2 { r -= m }
        if r < -(m / 2) { r += m }
        return r
    }

    func testFreezeQ() {
        // Exhaustive near zero, then every point where rounding flips over
        // the whole documented domain |x| < 2^25.
        for x in Int32(-(1 << 20))...Int32(1 << 20) {
            XCTAssertEqual(Int64(SNTRUP761.freezeQ(x)), centered(Int64(x), 4591))
        }
        var k: Int64 = -(1 << 25) / 4591 - 1
        while k * 4591 < 1 << 25 {
            for offset: Int64 in [-2296, -2295, -2294, -1, 0, 1, 2294, 2295, 2296] {
                let x = k * 4591 + offset
                guard abs(x) < 1 << 25 else { continue }
                XCTAssertEqual(Int64(SNTRUP761.freezeQ(Int32(x))), centered(x, 4591), "x = \(x)")
            }
            k += 1
        }
    }

    func testFreeze3() {
        for x in Int32(-32767)...Int32(32767) {
            XCTAssertEqual(Int64(SNTRUP761.freeze3(x)), centered(Int64(x), 3), "x = \(x)")
        }
    }

    func testMasks() {
        for x: Int32 in [0, 1, -1, 286, .max, .min] {
            XCTAssertEqual(SNTRUP761.nonzeroMask(x), x == 0 ? 0 : -1)
            XCTAssertEqual(SNTRUP761.negativeMask(x), x < 0 ? -1 : 0)
        }
    }

    func testDivMod() {
        var random = SplitMix64(seed: 17)
        let moduli: [UInt32] = [1, 2, 3, 255, 256, 257, 1531, 4591, 9157, 16383]
        for m in moduli {
            var samples: [UInt32] = [0, 1, m - 1, m, m + 1, .max, .max - 1, UInt32.max / m * m]
            for _ in 0..<2000 { samples.append(random.next()) }
            for x in samples {
                let (quotient, remainder) = SNTRUP761.divMod(x, by: m)
                XCTAssertEqual(quotient, x / m, "\(x) / \(m)")
                XCTAssertEqual(remainder, x % m, "\(x) % \(m)")
            }
        }
    }

    func testObliviousSort() {
        var random = SplitMix64(seed: 23)
        for count in [0, 1, 2, 3, 5, 16, 17, 100, 255, 256, 257, 761] {
            var values = (0..<count).map { _ in UInt32(truncatingIfNeeded: random.next()) }
            // Include duplicates and extremes.
            if count > 4 { values[1] = values[0]; values[2] = .max; values[3] = 0 }
            let expected = values.sorted()
            SNTRUP761.obliviousSort(&values)
            XCTAssertEqual(values, expected, "count \(count)")
        }
    }

    func testRadixCodingLengths() {
        XCTAssertEqual(SNTRUP761.RadixCoding.encodedLength(bounds: Array(repeating: 4591, count: 761)), 1158)
        XCTAssertEqual(SNTRUP761.RadixCoding.encodedLength(bounds: Array(repeating: 1531, count: 761)), 1007)
    }

    func testRadixCodingRoundTrip() {
        var random = SplitMix64(seed: 29)
        let shapes: [[UInt16]] = [
            [1], [2], [256], [257], [16383],
            Array(repeating: 4591, count: 761),
            Array(repeating: 1531, count: 761),
            (0..<37).map { _ in UInt16(random.next() % 16383 + 1) },
            (0..<100).map { _ in UInt16(random.next() % 300 + 1) },
        ]
        for bounds in shapes {
            for _ in 0..<5 {
                let values = bounds.map { UInt16(random.next() % UInt64($0)) }
                let encoded = SNTRUP761.RadixCoding.encode(values, bounds: bounds)
                XCTAssertEqual(encoded.count, SNTRUP761.RadixCoding.encodedLength(bounds: bounds))
                XCTAssertEqual(SNTRUP761.RadixCoding.decode(encoded[...], bounds: bounds), values)
            }
            // Extremes.
            let maxima = bounds.map { $0 - 1 }
            let encoded = SNTRUP761.RadixCoding.encode(maxima, bounds: bounds)
            XCTAssertEqual(SNTRUP761.RadixCoding.decode(encoded[...], bounds: bounds), maxima)
        }
    }

    func testRadixDecodingOfArbitraryBytesStaysInRange() {
        var random = SplitMix64(seed: 31)
        let bounds = [UInt16](repeating: 4591, count: 761)
        for fill in [nil, UInt8(0xff), UInt8(0)] {
            let bytes = (0..<1158).map { _ in fill ?? UInt8(truncatingIfNeeded: random.next()) }
            let values = SNTRUP761.RadixCoding.decode(bytes[...], bounds: bounds)
            XCTAssertEqual(values.count, 761)
            XCTAssertTrue(values.allSatisfy { $0 < 4591 })
        }
    }

    func testSmallEncodingRoundTrip() {
        var random = SplitMix64(seed: 37)
        let polynomial = (0..<761).map { _ in Int8(random.next() % 3) - 1 }
        let encoded = SNTRUP761.encodeSmall(polynomial)
        XCTAssertEqual(encoded.count, 191)
        XCTAssertEqual(SNTRUP761.decodeSmall(encoded[...]), polynomial)
    }

    func testRqAndRoundedEncodingRoundTrip() {
        var random = SplitMix64(seed: 41)
        let polynomial = (0..<761).map { _ in Int16(Int64(random.next() % 4591) - 2295) }
        XCTAssertEqual(SNTRUP761.decodeRq(SNTRUP761.encodeRq(polynomial)[...]), polynomial)
        let rounded = SNTRUP761.round(polynomial)
        XCTAssertTrue(rounded.allSatisfy { $0 % 3 == 0 && abs($0) <= 2295 })
        XCTAssertEqual(SNTRUP761.decodeRounded(SNTRUP761.encodeRounded(rounded)[...]), rounded)
    }

    func testShortPolynomialHasWeightW() {
        var random = SplitMix64(seed: 43)
        for _ in 0..<5 {
            let words = (0..<761).map { _ in UInt32(truncatingIfNeeded: random.next()) }
            let short = SNTRUP761.shortPolynomial(fromWords: words)
            XCTAssertEqual(short.filter { $0 != 0 }.count, 286)
            XCTAssertTrue(short.allSatisfy { (-1...1).contains($0) })
        }
    }

    /// Schoolbook product modulo x^761 - x - 1 and a coefficient modulus.
    private func referenceProduct(_ f: [Int64], _ g: [Int64], modulus: Int64) -> [Int64] {
        var full = [Int64](repeating: 0, count: 2 * 761 - 1)
        for i in 0..<761 { for j in 0..<761 { full[i + j] += f[i] * g[j] } }
        for k in stride(from: 2 * 761 - 2, through: 761, by: -1) {
            full[k - 761] += full[k]
            full[k - 761 + 1] += full[k]
        }
        return full[0..<761].map { centered($0, modulus) }
    }

    func testMultiplication() {
        var random = SplitMix64(seed: 47)
        let f = (0..<761).map { _ in Int16(Int64(random.next() % 4591) - 2295) }
        let g = (0..<761).map { _ in Int8(random.next() % 3) - 1 }
        let h = (0..<761).map { _ in Int8(random.next() % 3) - 1 }
        XCTAssertEqual(
            SNTRUP761.multiply(f, bySmall: g).map(Int64.init),
            referenceProduct(f.map(Int64.init), g.map(Int64.init), modulus: 4591))
        XCTAssertEqual(
            SNTRUP761.multiply(g, h).map(Int64.init),
            referenceProduct(g.map(Int64.init), h.map(Int64.init), modulus: 3))
    }

    /// The largest operands multiplication must handle: ±q12 times the
    /// value 2 that a corrupted secret key's unused bit pattern decodes to.
    func testMultiplicationAtExtremes() {
        var random = SplitMix64(seed: 59)
        let extremes: [[Int16]] = [
            Array(repeating: 2295, count: 761),
            Array(repeating: -2295, count: 761),
            (0..<761).map { _ in random.next() & 1 == 0 ? 2295 : -2295 },
        ]
        let smalls: [[Int8]] = [
            Array(repeating: 2, count: 761),
            Array(repeating: -1, count: 761),
            (0..<761).map { _ in Int8(random.next() % 4) - 1 },
        ]
        for f in extremes {
            for g in smalls {
                XCTAssertEqual(
                    SNTRUP761.multiply(f, bySmall: g).map(Int64.init),
                    referenceProduct(f.map(Int64.init), g.map(Int64.init), modulus: 4591))
            }
        }
        for f in smalls {
            for g in smalls {
                XCTAssertEqual(
                    SNTRUP761.multiply(f, g).map(Int64.init),
                    referenceProduct(f.map(Int64.init), g.map(Int64.init), modulus: 3))
            }
        }
    }

    func testReciprocals() {
        var random = SplitMix64(seed: 53)
        var one = [Int8](repeating: 0, count: 761)
        one[0] = 1
        var inverted = 0
        for _ in 0..<3 {
            let g = (0..<761).map { _ in Int8(random.next() % 3) - 1 }
            if let gInverse = SNTRUP761.reciprocalInR3(g) {
                XCTAssertEqual(SNTRUP761.multiply(g, gInverse), one)
                inverted += 1
            }
        }
        XCTAssertGreaterThan(inverted, 0)
        // Zero is never invertible.
        XCTAssertNil(SNTRUP761.reciprocalInR3([Int8](repeating: 0, count: 761)))

        let f = SNTRUP761.shortPolynomial(fromWords: (0..<761).map { _ in UInt32(truncatingIfNeeded: random.next()) })
        let inverseOfThreeF = SNTRUP761.reciprocalOfThreeTimes(f)
        // (1/(3f)) · f = 1/3, and 3 · 1/3 = 1.
        let third = SNTRUP761.multiply(inverseOfThreeF, bySmall: f)
        XCTAssertEqual(third.map { SNTRUP761.freezeQ(3 * Int32($0)) }, one.map(Int16.init))
    }

    func testRandomByteStreamIsLittleEndianAndContinuous() {
        struct Counter: RandomNumberGenerator {
            var value: UInt64 = 0x0807_0605_0403_0201
            mutating func next() -> UInt64 {
                defer { value &+= 0x0808_0808_0808_0808 }
                return value
            }
        }
        var stream = SNTRUP761.RandomByteStream(Counter())
        XCTAssertEqual(stream.bytes(3), [1, 2, 3])
        XCTAssertEqual(stream.littleEndianWords(2), [0x0706_0504, 0x0b0a_0908])
        XCTAssertEqual(stream.bytes(2), [12, 13])
    }
}
