// The guard lets Fuzz/SSHCryptoFuzz.swift compile this file with no package dependencies, supplying
// stand-ins for the few swift-crypto types used; in the package, swift-crypto is always there.
#if canImport(Crypto)
import Crypto
import _CryptoExtras
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Packet protection of the SSH cipher chacha20-poly1305@openssh.com, as OpenSSH's
/// PROTOCOL.chacha20poly1305 specifies it.
///
/// It is not the IETF ChaCha20-Poly1305 AEAD that swift-crypto offers: OpenSSH encrypts the 4-byte packet
/// length under a second key so that a reader can learn how many bytes to wait for, uses the original
/// ChaCha20 layout (64-bit nonce = the packet sequence number, 64-bit block counter), and MACs the raw
/// ciphertext with no AAD or length block.
///
/// The 64-byte key is K_2 ‖ K_1: K_2 (first half) encrypts the packet body and, at block 0, yields each
/// packet's Poly1305 key; K_1 (second half) encrypts only the length field. Wire format of a packet:
/// `ChaCha20(K_1, seq, 0)(length) ‖ ChaCha20(K_2, seq, 1)(padding_length ‖ payload ‖ padding) ‖ tag`,
/// with `tag = Poly1305(ChaCha20(K_2, seq, 0)[0..<32], encrypted length ‖ encrypted body)`.
///
/// Both ChaCha20 implementations used here (swift-crypto's `Insecure.ChaCha20CTR` for long bodies, and
/// `ChaCha20Block` for the length, the Poly1305 key and short bodies) take RFC 8439's 32-bit counter and 96-bit
/// nonce. The original layout's state words 12–15 are counter-low, counter-high, nonce, nonce, so the 96-bit
/// nonce `0x00000000 ‖ BE64(seq)` with counter c reproduces it exactly while c < 2^32, which holds for every
/// packet whose length fits the 32-bit length field.
public struct ChaChaPolyOpenSSH: Sendable {
    public static let keyByteCount = 64
    public static let tagByteCount = 16
    /// Size of the encrypted packet-length field that precedes the body.
    public static let lengthFieldByteCount = 4
    /// Bodies up to this size are encrypted by `ChaCha20Block`; longer ones by BoringSSL, whose vectorised
    /// code overtakes the per-call cost of going through swift-crypto at about this length (measured).
    static let inlineBodyLimit = 512

    /// K_2 for BoringSSL: body key.
    private let mainKey: SymmetricKey
    /// K_2 for the in-Swift block function: Poly1305 keys and short bodies.
    private let mainBlock: ChaCha20Block
    /// K_1: encrypts the packet length only.
    private let headerBlock: ChaCha20Block

    /// Keys the cipher with 64 bytes of key material (K_2 ‖ K_1) from the SSH key exchange.
    public init(key: [UInt8]) throws {
        guard key.count == Self.keyByteCount else {
            throw SSHCryptoError.invalidKeySize(expected: Self.keyByteCount, actual: key.count)
        }
        let blocks = key.withUnsafeBytes { raw in
            (ChaCha20Block(key: UnsafeRawBufferPointer(rebasing: raw[0..<32])),
             ChaCha20Block(key: UnsafeRawBufferPointer(rebasing: raw[32..<64])))
        }
        guard let main = blocks.0, let header = blocks.1 else {
            throw SSHCryptoError.invalidKeySize(expected: Self.keyByteCount, actual: key.count)
        }
        mainKey = SymmetricKey(data: key[0..<32])
        mainBlock = main
        headerBlock = header
    }

    /// Decrypts the packet-length field: the first 4 bytes of `encrypted` (extra bytes, such as the rest of
    /// a receive buffer, are ignored). The value is not authenticated yet: a reader uses it only to decide
    /// how many more bytes to wait for, must bound it before doing so, and must then call `open`.
    public func decryptLength<Bytes: DataProtocol>(_ encrypted: Bytes, sequenceNumber: UInt32) throws -> UInt32 {
        try withContiguousBytes(encrypted) { raw in
            guard raw.count >= Self.lengthFieldByteCount else {
                throw SSHCryptoError.truncatedInput(minimum: Self.lengthFieldByteCount, actual: raw.count)
            }
            let field = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            return (field ^ lengthMask(sequenceNumber)).byteSwapped
        }
    }

    /// Authenticates and decrypts one packet: `packet` is the encrypted length (4 bytes), the encrypted
    /// body and the 16-byte tag. Returns the body (padding_length ‖ payload ‖ padding). The tag is checked,
    /// in constant time, before anything is decrypted; a mismatch throws `authenticationFailure`.
    public func open<Packet: DataProtocol>(packet: Packet, sequenceNumber: UInt32) throws -> [UInt8] {
        try withContiguousBytes(packet) { raw in
            let minimum = Self.lengthFieldByteCount + Self.tagByteCount
            guard raw.count >= minimum else {
                throw SSHCryptoError.truncatedInput(minimum: minimum, actual: raw.count)
            }
            let tagStart = raw.count - Self.tagByteCount
            let bodyCount = tagStart - Self.lengthFieldByteCount
            // The length field is 32 bits wide, so no genuine body is longer; refusing longer ones also keeps
            // the 32-bit block counter from wrapping.
            guard bodyCount <= Int(UInt32.max) else { throw SSHCryptoError.inputTooLong(raw.count) }

            let nonce = Self.nonceWords(sequenceNumber)
            var mac = Poly1305(keyWords: mainBlock.firstHalfBlock(counter: 0, nonce: nonce))
            mac.update(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<tagStart]))
            let received = (
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: tagStart, as: UInt64.self)),
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: tagStart + 8, as: UInt64.self))
            )
            guard ConstantTime.equals(mac.finalizeWords(), received) else {
                throw SSHCryptoError.authenticationFailure
            }
            let body = UnsafeRawBufferPointer(rebasing: raw[Self.lengthFieldByteCount..<tagStart])
            if bodyCount > Self.inlineBodyLimit {
                let plain = try Insecure.ChaCha20CTR.encrypt(
                    body, using: mainKey, counter: Insecure.ChaCha20CTR.Counter(offset: 1),
                    nonce: Self.nonce(sequenceNumber))
                return [UInt8](plain)
            }
            return [UInt8](unsafeUninitializedCapacity: bodyCount) { buffer, initialized in
                mainBlock.apply(counter: 1, nonce: nonce, input: body, output: UnsafeMutableRawBufferPointer(buffer))
                initialized = bodyCount
            }
        }
    }

    /// Encrypts and tags one packet whose body (padding_length ‖ payload ‖ padding) is
    /// `plaintextAfterLength`; the length field is computed from it. Returns encrypted length ‖ encrypted
    /// body ‖ tag. Throws only for a body longer than the 32-bit length field can state.
    public func seal<Plaintext: DataProtocol>(
        plaintextAfterLength body: Plaintext, sequenceNumber: UInt32
    ) throws -> [UInt8] {
        let bodyCount = body.count
        guard bodyCount <= Int(UInt32.max) else { throw SSHCryptoError.inputTooLong(bodyCount) }
        let nonce = Self.nonceWords(sequenceNumber)
        let encryptedBody: Data? = bodyCount > Self.inlineBodyLimit
            ? try Insecure.ChaCha20CTR.encrypt(
                body, using: mainKey, counter: Insecure.ChaCha20CTR.Counter(offset: 1),
                nonce: Self.nonce(sequenceNumber))
            : nil
        let tagStart = Self.lengthFieldByteCount + bodyCount
        let total = tagStart + Self.tagByteCount
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let out = UnsafeMutableRawBufferPointer(buffer)
            let lengthField = UInt32(bodyCount).byteSwapped ^ lengthMask(sequenceNumber)
            out.storeBytes(of: lengthField.littleEndian, toByteOffset: 0, as: UInt32.self)
            let bodyOut = UnsafeMutableRawBufferPointer(rebasing: out[Self.lengthFieldByteCount..<tagStart])
            if let encryptedBody {
                _ = encryptedBody.copyBytes(to: bodyOut)
            } else {
                withContiguousBytes(body) { mainBlock.apply(counter: 1, nonce: nonce, input: $0, output: bodyOut) }
            }
            var mac = Poly1305(keyWords: mainBlock.firstHalfBlock(counter: 0, nonce: nonce))
            mac.update(bytes: UnsafeRawBufferPointer(rebasing: out[0..<tagStart]))
            let (low, high) = mac.finalizeWords()
            out.storeBytes(of: low.littleEndian, toByteOffset: tagStart, as: UInt64.self)
            out.storeBytes(of: high.littleEndian, toByteOffset: tagStart + 8, as: UInt64.self)
            initialized = total
        }
    }

    // MARK: - Helpers

    /// Keystream bytes 0–3 of K_1's block 0, as a little-endian word: XOR-ed with the length field's bytes.
    private func lengthMask(_ sequenceNumber: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: headerBlock.firstHalfBlock(counter: 0, nonce: Self.nonceWords(sequenceNumber)).0)
    }

    /// The 96-bit nonce as RFC 8439 state words 13–15. Its bytes are 4 zero bytes (the original layout's
    /// counter-high word) then BE64(seq); read as little-endian words that is 0, 0 and the byte-swapped seq.
    private static func nonceWords(_ sequenceNumber: UInt32) -> (UInt32, UInt32, UInt32) {
        (0, 0, sequenceNumber.byteSwapped)
    }

    /// The same nonce as bytes, for swift-crypto.
    private static func nonce(_ sequenceNumber: UInt32) throws -> Insecure.ChaCha20CTR.Nonce {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 12) { bytes in
            for index in 0..<8 { bytes[index] = 0 }
            for index in 0..<4 {
                bytes[8 + index] = UInt8(truncatingIfNeeded: sequenceNumber >> (24 - 8 * UInt32(index)))
            }
            return try Insecure.ChaCha20CTR.Nonce(data: UnsafeRawBufferPointer(bytes))
        }
    }
}
