import MitsuCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Helpers for the sntrup761 tests, namespaced so they cannot collide with
/// other helpers in the MitsuSSHTests module.
enum SNTRUP761TestSupport {
    /// The known-answer generator: SplitMix64, optionally with its first 381
    /// outputs replaced by 0x2000000020000000 so that the first polynomial
    /// g drawn at key generation is zero and has to be drawn again.
    struct KnownAnswerRandom: RandomNumberGenerator {
        private var base: SplitMix64
        private var forcedOutputs: Int

        init(_ vector: KnownAnswer) {
            base = SplitMix64(seed: vector.seed)
            forcedOutputs = vector.forcesNonInvertibleFirstDraw ? 381 : 0
        }

        mutating func next() -> UInt64 {
            guard forcedOutputs == 0 else {
                forcedOutputs -= 1
                return 0x2000_0000_2000_0000
            }
            return base.next()
        }
    }

    /// Bytes of base64 text; line breaks and indentation are ignored. Empty
    /// on malformed input, which the length assertions then catch.
    static func bytes(base64: String) -> [UInt8] {
        guard let data = Data(base64Encoded: base64.filter { !$0.isWhitespace }) else { return [] }
        return [UInt8](data)
    }

    /// Bytes of hex text. Empty on malformed input.
    static func bytes(hex: String) -> [UInt8] {
        let digits = hex.compactMap { $0.hexDigitValue.map(UInt8.init) }
        guard digits.count == hex.count, digits.count % 2 == 0 else { return [] }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}
