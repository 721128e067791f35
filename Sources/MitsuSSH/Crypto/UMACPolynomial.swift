/// UMAC's second hash layer, L2-HASH (RFC 4418 §5.3): a polynomial hash of the 64-bit L1 outputs, evaluated
/// modulo 2^64 − 59 and, once a message has produced more than 2^14 L1 outputs (more than 16 MiB), continued
/// modulo 2^128 − 159 over pairs of them.
///
/// It is fed one L1 output at a time, so a long message needs no array of intermediate values. SSH packets
/// never reach the 128-bit stage; it is here so the MAC is correct for every length, and its arithmetic is
/// plain rather than fast.
struct UMACPolynomial: Sendable {
    /// After this many L1 outputs the hash switches from the 64-bit to the 128-bit prime.
    static let outputsBeforeWideningStage = 1 << 14

    private static let prime64: UInt64 = 0xFFFF_FFFF_FFFF_FFC5  // 2^64 − 59
    private static let offset64: UInt64 = 59
    /// Words at or above 2^64 − 2^32 are not valid residues to hash directly; RFC 4418 splits them into the
    /// marker p − 1 followed by the word minus the offset.
    private static let wordLimit64: UInt64 = 0xFFFF_FFFF_0000_0000
    private static let prime128 = UMACUInt128(high: .max, low: 0xFFFF_FFFF_FFFF_FF61)  // 2^128 − 159
    private static let offset128: UInt64 = 159
    private static let wordLimitHigh128: UInt64 = 0xFFFF_FFFF_0000_0000  // 2^128 − 2^96, high word
    private static let keyMask64: UInt64 = 0x01FF_FFFF_01FF_FFFF

    private let key64: UInt64
    private let key128: UMACUInt128
    private var accumulator64: UInt64 = 1
    private var accumulator128 = UMACUInt128(high: 0, low: 1)
    private var absorbed = 0
    /// First word of a 128-bit pair not yet complete.
    private var pendingHigh: UInt64 = 0
    private var hasPendingHigh = false

    /// The stream's L2 key, read big-endian from its 24 bytes of key material: 8 for the 64-bit stage, 16 for
    /// the 128-bit stage. Masking happens here.
    init(key64: UInt64, key128: UMACUInt128) {
        // The masks keep k small enough that k·y never needs more than one folding step (RFC 4418 §5.3).
        self.key64 = key64 & Self.keyMask64
        self.key128 = UMACUInt128(high: key128.high & Self.keyMask64, low: key128.low & Self.keyMask64)
    }

    /// Absorbs the next L1 output.
    mutating func absorb(_ word: UInt64) {
        if absorbed < Self.outputsBeforeWideningStage {
            accumulator64 = Self.step64(accumulator64, key: key64, word: word)
        } else {
            if absorbed == Self.outputsBeforeWideningStage {
                // The 128-bit polynomial starts from the 64-bit result, as its first (zero-extended) word.
                accumulator128 = Self.step128(
                    UMACUInt128(high: 0, low: 1), key: key128, word: UMACUInt128(high: 0, low: accumulator64))
            }
            if hasPendingHigh {
                accumulator128 = Self.step128(
                    accumulator128, key: key128, word: UMACUInt128(high: pendingHigh, low: word))
                hasPendingHigh = false
            } else {
                pendingHigh = word
                hasPendingHigh = true
            }
        }
        absorbed += 1
    }

    /// The 128-bit L2 result (`y` as uint2str(y, 16)).
    func finish() -> UMACUInt128 {
        guard absorbed > Self.outputsBeforeWideningStage else {
            return UMACUInt128(high: 0, low: accumulator64)
        }
        // The 128-bit stage's input ends with a 0x80 byte and zero padding to a 16-byte boundary.
        let marker: UInt64 = 0x8000_0000_0000_0000
        let last = hasPendingHigh
            ? UMACUInt128(high: pendingHigh, low: marker)
            : UMACUInt128(high: marker, low: 0)
        return Self.step128(accumulator128, key: key128, word: last)
    }

    // MARK: - Modulo 2^64 − 59

    private static func step64(_ y: UInt64, key: UInt64, word: UInt64) -> UInt64 {
        if word >= wordLimit64 {
            let marked = multiplyAdd64(key, y, prime64 - 1)
            return multiplyAdd64(key, marked, word - offset64)
        }
        return multiplyAdd64(key, y, word)
    }

    /// (k·y + m) mod 2^64 − 59, for k < 2^57 and y < 2^64 − 59. Uses 2^64 ≡ 59: each carry out of the low
    /// word is worth 59 at the bottom.
    private static func multiplyAdd64(_ k: UInt64, _ y: UInt64, _ m: UInt64) -> UInt64 {
        let product = k.multipliedFullWidth(by: y)  // high < 2^57, so 59·high < 2^63
        var (sum, carry1) = product.low.addingReportingOverflow(m)
        let (sum2, carry2) = sum.addingReportingOverflow(product.high * offset64)
        sum = sum2
        var carries = (carry1 ? 1 : 0) + (carry2 ? 1 : 0)
        while carries > 0 {
            let (folded, carry) = sum.addingReportingOverflow(offset64)
            sum = folded
            carries -= 1
            if carry { carries += 1 }
        }
        return sum >= prime64 ? sum - prime64 : sum
    }

    // MARK: - Modulo 2^128 − 159

    private static func step128(_ y: UMACUInt128, key: UMACUInt128, word: UMACUInt128) -> UMACUInt128 {
        if word.high >= wordLimitHigh128 {
            let marked = multiplyAdd128(key, y, prime128.subtracting(1))
            return multiplyAdd128(key, marked, word.subtracting(offset128))
        }
        return multiplyAdd128(key, y, word)
    }

    /// (k·y + m) mod 2^128 − 159, for k < 2^121 and y < 2^128 − 159. The product's part above 2^128 is
    /// folded back times 159 (2^128 ≡ 159) until the value fits, then one subtraction of p finishes.
    private static func multiplyAdd128(_ k: UMACUInt128, _ y: UMACUInt128, _ m: UMACUInt128) -> UMACUInt128 {
        // 256-bit product in four words, schoolbook.
        let ll = k.low.multipliedFullWidth(by: y.low)
        let lh = k.low.multipliedFullWidth(by: y.high)
        let hl = k.high.multipliedFullWidth(by: y.low)
        let hh = k.high.multipliedFullWidth(by: y.high)
        var words = UMACWideAccumulator()
        words.add(ll.low, at: 0); words.add(ll.high, at: 1)
        words.add(lh.low, at: 1); words.add(lh.high, at: 2)
        words.add(hl.low, at: 1); words.add(hl.high, at: 2)
        words.add(hh.low, at: 2); words.add(hh.high, at: 3)
        words.add(m.low, at: 0); words.add(m.high, at: 1)

        // Fold everything at 2^128 and above back down until nothing is left there.
        while words.w2 != 0 || words.w3 != 0 {
            let high2 = words.w2, high3 = words.w3
            words.w2 = 0
            words.w3 = 0
            let a = high2.multipliedFullWidth(by: offset128)
            let b = high3.multipliedFullWidth(by: offset128)
            words.add(a.low, at: 0); words.add(a.high, at: 1)
            words.add(b.low, at: 1); words.add(b.high, at: 2)
        }
        var result = UMACUInt128(high: words.w1, low: words.w0)
        if !result.isLess(than: prime128) { result = result.subtracting(prime128) }
        return result
    }
}

/// An unsigned 128-bit value as two words (the standard library's UInt128 needs newer Apple OSes than the
/// package supports).
struct UMACUInt128: Sendable, Equatable {
    var high: UInt64
    var low: UInt64

    func isLess(than other: UMACUInt128) -> Bool {
        high != other.high ? high < other.high : low < other.low
    }

    /// self − other; callers only subtract values that do not exceed self.
    func subtracting(_ other: UMACUInt128) -> UMACUInt128 {
        let (low, borrow) = self.low.subtractingReportingOverflow(other.low)
        return UMACUInt128(high: high - other.high - (borrow ? 1 : 0), low: low)
    }

    func subtracting(_ value: UInt64) -> UMACUInt128 {
        subtracting(UMACUInt128(high: 0, low: value))
    }
}

/// Four-word accumulator for the 256-bit products of the 128-bit stage, with carries propagated upward.
private struct UMACWideAccumulator {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    mutating func add(_ value: UInt64, at position: Int) {
        var carry = value
        var index = position
        while carry != 0 && index < 4 {
            let overflow: Bool
            switch index {
            case 0: (w0, overflow) = w0.addingReportingOverflow(carry)
            case 1: (w1, overflow) = w1.addingReportingOverflow(carry)
            case 2: (w2, overflow) = w2.addingReportingOverflow(carry)
            default: (w3, overflow) = w3.addingReportingOverflow(carry)
            }
            carry = overflow ? 1 : 0
            index += 1
        }
    }
}
