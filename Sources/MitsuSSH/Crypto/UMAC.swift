#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// UMAC (RFC 4418) with AES-128, as OpenSSH's umac-64@openssh.com and umac-128@openssh.com (and their -etm
/// forms) use it: a 16-byte key, and an 8-byte nonce that is the packet sequence number as a big-endian
/// 64-bit integer. Tags of 4 and 12 bytes (UMAC-32, UMAC-96) are supported too, since they cost nothing and
/// the RFC's vectors cover them.
///
/// Tag = UHASH(message) ⊕ PDF(nonce). Everything key-dependent (the NH, polynomial and inner-product keys,
/// and the pad cipher's key) is derived in `init`. The pad is one AES block per nonce, with the low bits of
/// the nonce selecting which slice of the block is used (for 8-byte tags, two consecutive sequence numbers
/// share one block), so the last block is cached and consecutive packets pay for AES only every other time.
///
/// Because of that cache an instance is mutable state: use one per direction of one connection, from one
/// task at a time. It is therefore not `Sendable`.
public final class UMAC {
    public static let keyByteCount = 16
    public static let supportedTagLengths = [4, 8, 12, 16]
    public static let maximumNonceLength = 16

    /// Tag length in bytes.
    public let tagLength: Int
    private let hash: UMACHash
    /// AES under the PDF key, KDF(K, 0, 16).
    private let padCipher: AES128BlockEncryptor
    /// Which low bits of the nonce index into the pad block: 2 bits for 4-byte tags, 1 for 8, none above.
    private let nonceIndexMask: UInt8

    /// The last pad block and the nonce block it was made from, as big-endian halves (bytes 0–7, 8–15).
    private var cachedNonceBlock: (UInt64, UInt64) = (0, 0)
    private var cachedPadBlock: (UInt64, UInt64) = (0, 0)
    private var hasCachedPad = false

    /// Keys UMAC with a 16-byte key for tags of `tagLength` bytes (8 for umac-64, 16 for umac-128).
    public init(key: [UInt8], tagLength: Int) throws {
        guard Self.supportedTagLengths.contains(tagLength) else { throw SSHCryptoError.invalidTagLength(tagLength) }
        let master = try AES128BlockEncryptor(key: key)
        // RFC 4418 §3.2.1 KDF: block i of the material for `index` is AES_K(uint64(index) ‖ uint64(i)), i ≥ 1.
        func derive(_ index: UInt8, _ byteCount: Int) throws -> [UInt8] {
            var material: [UInt8] = []
            material.reserveCapacity(byteCount + 15)
            var counter: UInt64 = 1
            while material.count < byteCount {
                let (high, low) = try master.encrypt(UInt64(index), counter)
                for half in [high, low] {
                    for shift in stride(from: 56, through: 0, by: -8) {
                        material.append(UInt8(truncatingIfNeeded: half >> UInt64(shift)))
                    }
                }
                counter += 1
            }
            return Array(material.prefix(byteCount))
        }
        self.tagLength = tagLength
        nonceIndexMask = tagLength == 4 ? 3 : (tagLength == 8 ? 1 : 0)
        padCipher = try AES128BlockEncryptor(key: derive(0, Self.keyByteCount))
        hash = try UMACHash(streamCount: tagLength / 4, derive: derive)
    }

    /// The tag of `message` under `nonce` (1 to 16 bytes; SSH uses 8). A nonce must never repeat under one key.
    public func tag<Message: DataProtocol>(message: Message, nonce: [UInt8]) throws -> [UInt8] {
        guard (1...Self.maximumNonceLength).contains(nonce.count) else {
            throw SSHCryptoError.invalidNonceLength(nonce.count)
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in nonce.enumerated() {
            if index < 8 {
                high |= UInt64(byte) << (56 - 8 * UInt64(index))
            } else {
                low |= UInt64(byte) << (56 - 8 * UInt64(index - 8))
            }
        }
        return try computeTag(message, nonceBlock: (high, low), lastNonceByte: nonce.count - 1)
    }

    /// The tag of `message` for SSH packet `sequenceNumber`, whose nonce is the number as 8 big-endian bytes
    /// (OpenSSH's umac-64/umac-128). Builds the nonce without allocating.
    public func tag<Message: DataProtocol>(message: Message, sequenceNumber: UInt32) throws -> [UInt8] {
        try computeTag(message, nonceBlock: (UInt64(sequenceNumber), 0), lastNonceByte: 7)
    }

    /// Whether `tag` is the tag of `message` for `sequenceNumber`, compared in constant time. Any failure to
    /// compute a tag counts as a mismatch.
    public func verify<Tag: DataProtocol, Message: DataProtocol>(
        tag received: Tag, message: Message, sequenceNumber: UInt32
    ) -> Bool {
        guard let expected = try? tag(message: message, sequenceNumber: sequenceNumber) else { return false }
        return withContiguousBytes(received) { receivedBytes in
            expected.withUnsafeBytes { ConstantTime.equals($0, receivedBytes) }
        }
    }

    // MARK: - Tag

    /// `nonceBlock` is the nonce's bytes followed by zeros, as big-endian halves (bytes 0–7, 8–15);
    /// `lastNonceByte` is the index of the nonce's last byte, whose low bits pick the pad slice.
    private func computeTag<Message: DataProtocol>(
        _ message: Message, nonceBlock: (UInt64, UInt64), lastNonceByte: Int
    ) throws -> [UInt8] {
        var (high, low) = nonceBlock
        let shift = UInt64(56 - 8 * (lastNonceByte & 7))
        let slice: UInt64
        // The pad block is the same for all nonces differing only in these bits, so they are cleared.
        if lastNonceByte < 8 {
            slice = (high >> shift) & UInt64(nonceIndexMask)
            high &= ~(slice << shift)
        } else {
            slice = (low >> shift) & UInt64(nonceIndexMask)
            low &= ~(slice << shift)
        }
        let pad = try padBlock(for: (high, low))
        let tagLength = self.tagLength
        let start = Int(slice) * tagLength  // slice·tagLength + tagLength ≤ 16 for every supported length
        return withContiguousBytes(message) { messageBytes in
            [UInt8](unsafeUninitializedCapacity: tagLength) { buffer, initialized in
                let output = UnsafeMutableRawBufferPointer(buffer)
                hash.hash(messageBytes, into: output)
                for index in 0..<tagLength {
                    let position = start + index
                    let half = position < 8 ? pad.0 : pad.1
                    output[index] ^= UInt8(truncatingIfNeeded: half >> UInt64(56 - 8 * (position & 7)))
                }
                initialized = tagLength
            }
        }
    }

    /// AES of the nonce block under the PDF key, reusing the previous result when the block repeats.
    private func padBlock(for nonceBlock: (UInt64, UInt64)) throws -> (UInt64, UInt64) {
        if hasCachedPad && cachedNonceBlock.0 == nonceBlock.0 && cachedNonceBlock.1 == nonceBlock.1 {
            return cachedPadBlock
        }
        let pad = try padCipher.encrypt(nonceBlock.0, nonceBlock.1)
        cachedNonceBlock = nonceBlock
        cachedPadBlock = pad
        hasCachedPad = true
        return pad
    }
}
