/// UHASH, UMAC's keyed universal hash (RFC 4418 §5): for each 32-bit slice of the tag ("stream"), an NH
/// hash of every 1024-byte chunk (L1), a polynomial hash of those results (L2) and an inner product modulo
/// 2^36 − 5 that folds the 128-bit L2 value into 32 bits (L3).
///
/// All key material is derived once, in `init`. Streams are computed two at a time in one pass over the
/// message, since stream i+1's NH key is stream i's shifted by four words and the message words can be
/// loaded once for both; a 16-byte tag takes two passes, which for SSH-sized packets stay in cache.
struct UMACHash: Sendable {
    static let chunkByteCount = 1024
    private static let blockByteCount = 32
    private static let prime36: UInt64 = 0xF_FFFF_FFFB  // 2^36 − 5

    /// Number of 32-bit outputs (tag length / 4).
    let streamCount: Int
    /// NH key as 32-bit words: 256 for the first stream plus 4 per further stream, rounded up to an even
    /// number of streams so the two-stream loop never reads past the end.
    private let l1Key: [UInt32]
    /// Each stream's L2 state before any input; copied for every message.
    private let l2Initial: [UMACPolynomial]
    /// Each stream's eight L3 multipliers, already reduced modulo 2^36 − 5.
    private let l3Multipliers: [UInt64]
    /// Each stream's final 32-bit mask.
    private let l3Masks: [UInt32]

    /// `derive(index, byteCount)` is RFC 4418's KDF: key material for index 1 (L1), 2 (L2), 3 and 4 (L3).
    init(streamCount: Int, derive: (UInt8, Int) throws -> [UInt8]) throws {
        self.streamCount = streamCount
        let pairedStreams = (streamCount + 1) & ~1
        let l1Bytes = try derive(1, Self.chunkByteCount + (pairedStreams - 1) * 16)
        l1Key = (0..<(l1Bytes.count / 4)).map { UInt32(bigEndianAt: $0 * 4, in: l1Bytes) }

        let l2Bytes = try derive(2, streamCount * 24)
        l2Initial = (0..<streamCount).map { stream in
            let base = stream * 24
            return UMACPolynomial(
                key64: UInt64(bigEndianAt: base, in: l2Bytes),
                key128: UMACUInt128(
                    high: UInt64(bigEndianAt: base + 8, in: l2Bytes),
                    low: UInt64(bigEndianAt: base + 16, in: l2Bytes)))
        }

        let l3Bytes = try derive(3, streamCount * 64)
        l3Multipliers = (0..<(streamCount * 8)).map { UInt64(bigEndianAt: $0 * 8, in: l3Bytes) % Self.prime36 }
        let maskBytes = try derive(4, streamCount * 4)
        l3Masks = (0..<streamCount).map { UInt32(bigEndianAt: $0 * 4, in: maskBytes) }
    }

    /// Writes the hash of `message`, `streamCount` big-endian 32-bit words, to the start of `output`, which
    /// must hold at least 4·streamCount bytes.
    func hash(_ message: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        l1Key.withUnsafeBufferPointer { key in
            var stream = 0
            while stream < streamCount {
                let (first, second) = level2(message, key: key, firstStream: stream)
                let firstWord = level3(first, stream: stream)
                output.storeBytes(of: firstWord.bigEndian, toByteOffset: stream * 4, as: UInt32.self)
                if stream + 1 < streamCount {
                    let secondWord = level3(second, stream: stream + 1)
                    output.storeBytes(of: secondWord.bigEndian, toByteOffset: (stream + 1) * 4, as: UInt32.self)
                }
                stream += 2
            }
        }
    }

    // MARK: - Levels

    /// L1 then L2 for streams `firstStream` and `firstStream + 1`.
    private func level2(
        _ message: UnsafeRawBufferPointer, key: UnsafeBufferPointer<UInt32>, firstStream: Int
    ) -> (UMACUInt128, UMACUInt128) {
        let keyOffset = firstStream * 4
        let count = message.count
        if count <= Self.chunkByteCount {
            // One chunk: RFC 4418 skips L2 and passes the NH value on zero-extended to 128 bits.
            let (a, b) = Self.nhChunk(message, key: key, keyOffset: keyOffset)
            return (UMACUInt128(high: 0, low: a), UMACUInt128(high: 0, low: b))
        }
        var first = l2Initial[firstStream]
        // An odd stream count leaves the last pair's second stream unused; any state will do for it.
        var second = l2Initial[min(firstStream + 1, streamCount - 1)]
        var offset = 0
        while offset < count {
            let end = min(offset + Self.chunkByteCount, count)
            let (a, b) = Self.nhChunk(
                UnsafeRawBufferPointer(rebasing: message[offset..<end]), key: key, keyOffset: keyOffset)
            first.absorb(a)
            second.absorb(b)
            offset = end
        }
        return (first.finish(), second.finish())
    }

    /// L3: the 128-bit L2 value as eight 16-bit digits, dotted with the stream's multipliers modulo 2^36 − 5,
    /// truncated to 32 bits and masked.
    private func level3(_ value: UMACUInt128, stream: Int) -> UInt32 {
        let base = stream * 8
        var sum: UInt64 = 0  // eight products of 16 × 36 bits: < 2^55, no overflow
        for digit in 0..<4 {
            let shift = UInt64(48 - 16 * digit)
            sum += ((value.high >> shift) & 0xFFFF) * l3Multipliers[base + digit]
            sum += ((value.low >> shift) & 0xFFFF) * l3Multipliers[base + 4 + digit]
        }
        return UInt32(truncatingIfNeeded: sum % Self.prime36) ^ l3Masks[stream]
    }

    // MARK: - NH (L1)

    /// NH of one chunk of at most 1024 bytes for two streams, plus the chunk's bit length (RFC 4418 §5.2.1).
    /// The final partial block, and the whole of an empty message, is NH'd as 32 zero-padded bytes.
    private static func nhChunk(
        _ chunk: UnsafeRawBufferPointer, key: UnsafeBufferPointer<UInt32>, keyOffset: Int
    ) -> (UInt64, UInt64) {
        let whole = chunk.count & ~(blockByteCount - 1)
        var (a, b) = nhBlocks(UnsafeRawBufferPointer(rebasing: chunk[0..<whole]), key: key, keyOffset: keyOffset)
        let rest = chunk.count - whole
        if rest > 0 || chunk.count == 0 {
            // The zero-padded final block, assembled as words directly rather than in a scratch buffer.
            func word(_ index: Int) -> UInt32 {
                var value: UInt32 = 0
                for byte in 0..<4 where index * 4 + byte < rest {
                    value |= UInt32(chunk[whole + index * 4 + byte]) << (8 * byte)
                }
                return value
            }
            let (c, d) = nhBlock(
                (word(0), word(1), word(2), word(3), word(4), word(5), word(6), word(7)),
                key: key, k: keyOffset + whole / 4)
            a = a &+ c
            b = b &+ d
        }
        let bitLength = UInt64(chunk.count) * 8
        // NH is defined modulo 2^64: the wrapping adds and multiplies below are the algorithm itself.
        return (a &+ bitLength, b &+ bitLength)
    }

    /// The NH sum over whole 32-byte blocks for two streams whose keys start at `keyOffset` and
    /// `keyOffset + 4` words: Σ (m_j +₃₂ k_j) ·₆₄ (m_{j+4} +₃₂ k_{j+4}) modulo 2^64. Message words are
    /// little-endian (RFC 4418's ENDIAN-SWAP), key words big-endian (already converted).
    @inline(__always)
    private static func nhBlocks(
        _ blocks: UnsafeRawBufferPointer, key: UnsafeBufferPointer<UInt32>, keyOffset: Int
    ) -> (UInt64, UInt64) {
        var a: UInt64 = 0
        var b: UInt64 = 0
        var offset = 0
        var k = keyOffset
        let count = blocks.count
        while offset < count {
            func word(_ index: Int) -> UInt32 {
                UInt32(littleEndian: blocks.loadUnaligned(fromByteOffset: offset + index * 4, as: UInt32.self))
            }
            let (c, d) = nhBlock(
                (word(0), word(1), word(2), word(3), word(4), word(5), word(6), word(7)), key: key, k: k)
            a = a &+ c
            b = b &+ d
            offset += blockByteCount
            k += 8
        }
        return (a, b)
    }

    /// One 32-byte block's NH terms for the two streams, from its eight message words.
    @inline(__always)
    private static func nhBlock(
        _ m: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
        key: UnsafeBufferPointer<UInt32>, k: Int
    ) -> (UInt64, UInt64) {
        let k0 = key[k], k1 = key[k + 1], k2 = key[k + 2], k3 = key[k + 3]
        let k4 = key[k + 4], k5 = key[k + 5], k6 = key[k + 6], k7 = key[k + 7]
        let k8 = key[k + 8], k9 = key[k + 9], k10 = key[k + 10], k11 = key[k + 11]
        var a = UInt64(m.0 &+ k0) &* UInt64(m.4 &+ k4)
        a = a &+ UInt64(m.1 &+ k1) &* UInt64(m.5 &+ k5)
        a = a &+ UInt64(m.2 &+ k2) &* UInt64(m.6 &+ k6)
        a = a &+ UInt64(m.3 &+ k3) &* UInt64(m.7 &+ k7)
        var b = UInt64(m.0 &+ k4) &* UInt64(m.4 &+ k8)
        b = b &+ UInt64(m.1 &+ k5) &* UInt64(m.5 &+ k9)
        b = b &+ UInt64(m.2 &+ k6) &* UInt64(m.6 &+ k10)
        b = b &+ UInt64(m.3 &+ k7) &* UInt64(m.7 &+ k11)
        return (a, b)
    }
}

extension FixedWidthInteger {
    /// The big-endian integer at `offset` in `bytes`; for parsing key material whose length the caller made.
    fileprivate init(bigEndianAt offset: Int, in bytes: [UInt8]) {
        var value: Self = 0
        for index in offset..<(offset + MemoryLayout<Self>.size) {
            value = (value << 8) | Self(bytes[index])
        }
        self = value
    }
}
