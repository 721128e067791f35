// The guard lets Fuzz/SSHCryptoFuzz.swift compile this file with no package dependencies, supplying
// stand-ins for the few swift-crypto types used; in the package, swift-crypto is always there.
#if canImport(Crypto)
import Crypto
import _CryptoExtras
#endif

/// AES-128 applied to single 16-byte blocks, with no mode: the "ENCIPHER" of RFC 4418, which UMAC uses for its
/// key derivation and its pad. swift-crypto exposes the raw block function as `AES.permute`.
struct AES128BlockEncryptor: Sendable {
    static let keyByteCount = 16

    private let key: SymmetricKey

    init(key: [UInt8]) throws {
        guard key.count == Self.keyByteCount else {
            throw SSHCryptoError.invalidKeySize(expected: Self.keyByteCount, actual: key.count)
        }
        self.key = SymmetricKey(data: key)
    }

    /// Encrypts one block given as two big-endian 64-bit halves (bytes 0–7, bytes 8–15), returning the
    /// ciphertext the same way. Numbers in and out keep callers free of byte buffers; the bytes live only in
    /// a stack allocation typed as bytes.
    func encrypt(_ high: UInt64, _ low: UInt64) throws -> (UInt64, UInt64) {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { block in
            for index in 0..<8 {
                block[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
                block[index + 8] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
            }
            var view = block
            try AES.permute(&view, key: key)
            var outHigh: UInt64 = 0
            var outLow: UInt64 = 0
            for index in 0..<8 {
                outHigh = (outHigh << 8) | UInt64(block[index])
                outLow = (outLow << 8) | UInt64(block[index + 8])
            }
            return (outHigh, outLow)
        }
    }
}
