#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Poly1305 one-time authenticator of RFC 8439 §2.5, as chacha20-poly1305@openssh.com uses it.
///
/// swift-crypto exposes Poly1305 only inside its IETF ChaCha20-Poly1305 AEAD, whose tag covers
/// AAD and length blocks that OpenSSH's construction does not have, hence this standalone MAC.
///
/// The accumulator is kept in three limbs of 44, 44 and 42 bits so that each block costs nine 64×64→128-bit
/// multiplications (the 26-bit-limb form needs twenty-five 32×32→64), and no intermediate sum comes near
/// 2^128. A key must be used for one message only: that is what makes the MAC unforgeable.
///
/// Use `tag(key:message:)` for one-shot tags, or `init(key:)`, `update(_:)` and `finalize()` to feed a message
/// that arrives in pieces. The value holds the secret key material; it is a plain struct so copies are cheap
/// and no heap memory is touched per block.
public struct Poly1305: Sendable {
    public static let keyByteCount = 32
    public static let tagByteCount = 16

    private static let mask44: UInt64 = 0xfff_ffff_ffff
    private static let mask42: UInt64 = 0x3ff_ffff_ffff
    /// The 2^128 bit that every full 16-byte block carries (RFC 8439: "add one bit beyond the number of
    /// octets"), expressed in the top limb, which starts at bit 88.
    private static let fullBlockBit: UInt64 = 1 << 40

    // r, clamped and split into limbs, and s1/s2 = 20·r1, 20·r2: the 2^130 ≡ 5 fold, pre-shifted by the
    // 2^132 − 2^130 gap between limb weights, so products that overflow the top limb re-enter at the bottom.
    private let r0: UInt64, r1: UInt64, r2: UInt64
    private let s1: UInt64, s2: UInt64
    /// s, the second key half, added at the end.
    private let pad0: UInt64, pad1: UInt64
    private var h0: UInt64 = 0, h1: UInt64 = 0, h2: UInt64 = 0
    /// Bytes of a block not yet complete (little-endian in two words), so `update` may be called with any
    /// split of the message. Kept as numbers, not bytes, so no memory is read as a type it was not written as.
    private var pending0: UInt64 = 0, pending1: UInt64 = 0
    private var pendingCount = 0

    /// Starts a tag with a 32-byte one-time key (r ‖ s).
    public init<Key: ContiguousBytes>(key: Key) throws {
        let parsed: Poly1305? = key.withUnsafeBytes { Poly1305(rawKey: $0) }
        guard let parsed else {
            throw SSHCryptoError.invalidKeySize(expected: Self.keyByteCount, actual: key.withUnsafeBytes { $0.count })
        }
        self = parsed
    }

    /// Non-throwing entry for callers that hold a key of known size.
    init?(rawKey key: UnsafeRawBufferPointer) {
        guard key.count == Self.keyByteCount else { return nil }
        func word(_ index: Int) -> UInt64 {
            UInt64(littleEndian: key.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        }
        self.init(keyWords: (word(0), word(1), word(2), word(3)))
    }

    /// The key as four little-endian words (r low, r high, s low, s high), as a ChaCha20 keystream block
    /// yields it, so the per-packet key never passes through a byte buffer.
    init(keyWords: (UInt64, UInt64, UInt64, UInt64)) {
        let (t0, t1) = (keyWords.0, keyWords.1)
        // Clamping (RFC 8439 §2.5.1) folded into the limb split: the masks clear the same bits of r.
        r0 = t0 & 0xffc_0fff_ffff
        r1 = ((t0 >> 44) | (t1 << 20)) & 0xfff_ffc0_ffff
        r2 = (t1 >> 24) & 0x00f_ffff_fc0f
        s1 = r1 * (5 << 2)
        s2 = r2 * (5 << 2)
        pad0 = keyWords.2
        pad1 = keyWords.3
    }

    /// Absorbs the next bytes of the message.
    public mutating func update<Message: DataProtocol>(_ message: Message) {
        withContiguousBytes(message) { update(bytes: $0) }
    }

    mutating func update(bytes message: UnsafeRawBufferPointer) {
        let count = message.count
        var offset = 0
        if pendingCount > 0 {
            // Top up the partial block first; blocks must be formed from the message in order.
            while pendingCount < 16 && offset < count {
                appendPending(message[offset])
                offset += 1
            }
            guard pendingCount == 16 else { return }
            absorbBlock(pending0, pending1, topBit: Self.fullBlockBit)
            (pending0, pending1, pendingCount) = (0, 0, 0)
        }
        let whole = (count - offset) & ~15
        if whole > 0 {
            let blocks = UnsafeRawBufferPointer(rebasing: message[offset..<(offset + whole)])
            absorbBlocks(blocks, topBit: Self.fullBlockBit)
            offset += whole
        }
        while offset < count {
            appendPending(message[offset])
            offset += 1
        }
    }

    /// Adds one byte to the partial block; callers keep `pendingCount` below 16 first.
    private mutating func appendPending(_ byte: UInt8) {
        let shift = UInt64(8 * (pendingCount & 7))
        if pendingCount < 8 {
            pending0 |= UInt64(byte) << shift
        } else {
            pending1 |= UInt64(byte) << shift
        }
        pendingCount += 1
    }

    /// The 16-byte tag of everything absorbed.
    public func finalize() -> [UInt8] {
        let (low, high) = finalizeWords()
        return [UInt8](unsafeUninitializedCapacity: Self.tagByteCount) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.storeBytes(of: low.littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: high.littleEndian, toByteOffset: 8, as: UInt64.self)
            initialized = Self.tagByteCount
        }
    }

    /// The tag as two little-endian words, for callers that compare or store it without an array.
    func finalizeWords() -> (UInt64, UInt64) {
        var state = self
        if state.pendingCount > 0 {
            // The last, short block gets a 0x01 byte after the message and no 2^128 bit (RFC 8439 §2.5.1).
            state.appendPending(1)
            state.absorbBlock(state.pending0, state.pending1, topBit: 0)
        }
        return state.reducedSum()
    }

    /// One-shot tag of `message` under the 32-byte one-time `key`.
    public static func tag<Key: ContiguousBytes, Message: DataProtocol>(key: Key, message: Message) throws -> [UInt8] {
        var mac = try Poly1305(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// One-shot tag of the bytes at `message` under the 32-byte one-time `key`.
    public static func tag<Key: ContiguousBytes>(key: Key, message: UnsafeRawBufferPointer) throws -> [UInt8] {
        var mac = try Poly1305(key: key)
        mac.update(bytes: message)
        return mac.finalize()
    }

    /// Whether `tag` is the Poly1305 tag of `message` under `key`, compared in constant time.
    public static func verify<Key: ContiguousBytes, Tag: DataProtocol, Message: DataProtocol>(
        tag: Tag, key: Key, message: Message
    ) throws -> Bool {
        let expected = try Self.tag(key: key, message: message)
        return withContiguousBytes(tag) { received in
            expected.withUnsafeBytes { ConstantTime.equals($0, received) }
        }
    }

    // MARK: - Arithmetic

    /// Absorbs `blocks`, whose length is a multiple of 16.
    @inline(__always)
    private mutating func absorbBlocks(_ blocks: UnsafeRawBufferPointer, topBit: UInt64) {
        var offset = 0
        let count = blocks.count
        while offset < count {
            let t0 = UInt64(littleEndian: blocks.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let t1 = UInt64(littleEndian: blocks.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            absorbBlock(t0, t1, topBit: topBit)
            offset += 16
        }
    }

    /// h = (h + block) · r mod 2^130 − 5 (partially reduced), for the block whose little-endian words are t0, t1.
    @inline(__always)
    private mutating func absorbBlock(_ t0: UInt64, _ t1: UInt64, topBit: UInt64) {
        var h0 = self.h0 + (t0 & Self.mask44)
        var h1 = self.h1 + (((t0 >> 44) | (t1 << 20)) & Self.mask44)
        var h2 = self.h2 + (((t1 >> 24) & Self.mask42) | topBit)

        // Schoolbook product; the terms that would land at 2^132 and above are folded back through s1/s2.
        // Limbs are < 2^45 and r-limbs (and 20·r) < 2^50, so each sum of three products is < 2^97.
        var d0 = Wide(h0, r0), d1 = Wide(h0, r1), d2 = Wide(h0, r2)
        d0.add(h1, s2); d1.add(h1, r0); d2.add(h1, r1)
        d0.add(h2, s1); d1.add(h2, s2); d2.add(h2, r0)

        // Partial carry propagation back to 44/44/42-bit limbs; the carry out of the top limb is
        // worth 2^130 ≡ 5.
        var carry = d0.shiftedRight(44)
        h0 = d0.low & Self.mask44
        d1.add(carry)
        carry = d1.shiftedRight(44)
        h1 = d1.low & Self.mask44
        d2.add(carry)
        carry = d2.shiftedRight(42)
        h2 = d2.low & Self.mask42
        h0 += carry * 5
        carry = h0 >> 44
        h0 &= Self.mask44
        h1 += carry
        self.h0 = h0
        self.h1 = h1
        self.h2 = h2
    }

    /// Fully reduces h modulo 2^130 − 5 and adds s modulo 2^128: the tag, as two little-endian words.
    private func reducedSum() -> (UInt64, UInt64) {
        var h0 = self.h0, h1 = self.h1, h2 = self.h2
        var carry = h1 >> 44
        h1 &= Self.mask44
        h2 += carry; carry = h2 >> 42; h2 &= Self.mask42
        h0 += carry * 5; carry = h0 >> 44; h0 &= Self.mask44
        h1 += carry; carry = h1 >> 44; h1 &= Self.mask44
        h2 += carry; carry = h2 >> 42; h2 &= Self.mask42
        h0 += carry * 5; carry = h0 >> 44; h0 &= Self.mask44
        h1 += carry

        // g = h − p = h + 5 − 2^130. If that did not borrow, h ≥ p and g is the reduced value. The choice is
        // made with masks rather than a branch so the time taken does not reveal whether h ≥ p.
        var g0 = h0 + 5
        carry = g0 >> 44; g0 &= Self.mask44
        var g1 = h1 + carry
        carry = g1 >> 44; g1 &= Self.mask44
        var g2 = h2 &+ carry &- (1 << 42)  // borrow out of bit 63 is how "h < p" is detected
        let keepG = (g2 >> 63) &- 1  // all ones when g did not borrow; wrapping is the intent
        g0 &= keepG; g1 &= keepG; g2 &= keepG
        let keepH = ~keepG
        h0 = (h0 & keepH) | g0
        h1 = (h1 & keepH) | g1
        h2 = (h2 & keepH) | g2

        // tag = (h + s) mod 2^128: the carry out of the top is dropped by the final mask.
        h0 += pad0 & Self.mask44
        carry = h0 >> 44; h0 &= Self.mask44
        h1 += (((pad0 >> 44) | (pad1 << 20)) & Self.mask44) + carry
        carry = h1 >> 44; h1 &= Self.mask44
        h2 += ((pad1 >> 24) & Self.mask42) + carry
        h2 &= Self.mask42
        return (h0 | (h1 << 44), (h1 >> 20) | (h2 << 24))
    }
}

/// A 128-bit sum of 64×64-bit products, kept as two words: just enough arithmetic for the limb products.
private struct Wide {
    var high: UInt64
    var low: UInt64

    @inline(__always)
    init(_ a: UInt64, _ b: UInt64) {
        (high, low) = a.multipliedFullWidth(by: b)
    }

    @inline(__always)
    mutating func add(_ a: UInt64, _ b: UInt64) {
        let product = a.multipliedFullWidth(by: b)
        let (sum, overflow) = low.addingReportingOverflow(product.low)
        low = sum
        high += product.high + (overflow ? 1 : 0)
    }

    @inline(__always)
    mutating func add(_ value: UInt64) {
        let (sum, overflow) = low.addingReportingOverflow(value)
        low = sum
        high += overflow ? 1 : 0
    }

    /// The value shifted right by `bits` (< 64), truncated to 64 bits; callers know it fits.
    @inline(__always)
    func shiftedRight(_ bits: UInt64) -> UInt64 {
        (low >> bits) | (high << (64 - bits))
    }
}
