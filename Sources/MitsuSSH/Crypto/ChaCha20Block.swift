/// The ChaCha20 block function (RFC 8439 §2.3) in Swift, for the short pieces of an SSH packet.
///
/// Every chacha20-poly1305@openssh.com packet needs two single-block keystreams (4 bytes to decrypt the
/// length, 32 bytes of Poly1305 key) and, for interactive traffic, a body of a few dozen bytes. Through
/// swift-crypto's `Insecure.ChaCha20CTR` each of those costs a generic call, a `Data` allocation and
/// BoringSSL's setup, measured at 0.3–0.5 µs, several times the ~0.1 µs the block itself takes here; bulk
/// bodies still go to BoringSSL, whose vectorised code is faster per byte.
///
/// State layout is RFC 8439's: constants, eight key words, a 32-bit block counter, three nonce words.
struct ChaCha20Block: Sendable {
    static let blockByteCount = 64

    private let k0: UInt32, k1: UInt32, k2: UInt32, k3: UInt32
    private let k4: UInt32, k5: UInt32, k6: UInt32, k7: UInt32

    /// `key` must be 32 bytes; returns nil otherwise.
    init?(key: UnsafeRawBufferPointer) {
        guard key.count == 32 else { return nil }
        func word(_ index: Int) -> UInt32 {
            UInt32(littleEndian: key.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
        }
        k0 = word(0); k1 = word(1); k2 = word(2); k3 = word(3)
        k4 = word(4); k5 = word(5); k6 = word(6); k7 = word(7)
    }

    /// The first 32 bytes of keystream block `counter`, as four little-endian 64-bit words: enough for a
    /// Poly1305 key or the 4-byte length mask, without materialising bytes.
    func firstHalfBlock(counter: UInt32, nonce: (UInt32, UInt32, UInt32)) -> (UInt64, UInt64, UInt64, UInt64) {
        let words = block(counter: counter, nonce: nonce)
        return (Self.lane(words.0, words.1), Self.lane(words.2, words.3),
                Self.lane(words.4, words.5), Self.lane(words.6, words.7))
    }

    /// output = input ⊕ keystream, starting at block `counter`. `output` must be at least as long as `input`
    /// (callers size it from `input`); they may be the same memory.
    func apply(
        counter: UInt32, nonce: (UInt32, UInt32, UInt32),
        input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) {
        var offset = 0
        var blockCounter = counter
        let count = input.count
        while offset < count {
            let w = block(counter: blockCounter, nonce: nonce)
            // Keystream byte order is each word little-endian; a pair of words is one little-endian UInt64.
            let lanes = (Self.lane(w.0, w.1), Self.lane(w.2, w.3), Self.lane(w.4, w.5), Self.lane(w.6, w.7),
                         Self.lane(w.8, w.9), Self.lane(w.10, w.11), Self.lane(w.12, w.13), Self.lane(w.14, w.15))
            if count - offset >= Self.blockByteCount {
                Self.xorLane(input, output, offset, lanes.0)
                Self.xorLane(input, output, offset + 8, lanes.1)
                Self.xorLane(input, output, offset + 16, lanes.2)
                Self.xorLane(input, output, offset + 24, lanes.3)
                Self.xorLane(input, output, offset + 32, lanes.4)
                Self.xorLane(input, output, offset + 40, lanes.5)
                Self.xorLane(input, output, offset + 48, lanes.6)
                Self.xorLane(input, output, offset + 56, lanes.7)
            } else {
                // Last, partial block: byte by byte, each byte shifted out of its lane.
                for index in 0..<(count - offset) {
                    let lane: UInt64
                    switch index >> 3 {
                    case 0: lane = lanes.0
                    case 1: lane = lanes.1
                    case 2: lane = lanes.2
                    case 3: lane = lanes.3
                    case 4: lane = lanes.4
                    case 5: lane = lanes.5
                    case 6: lane = lanes.6
                    default: lane = lanes.7
                    }
                    let streamByte = UInt8(truncatingIfNeeded: lane >> (8 * UInt64(index & 7)))
                    output[offset + index] = input[offset + index] ^ streamByte
                }
            }
            offset += Self.blockByteCount
            // A wrapped counter would repeat keystream; callers bound lengths far below 2^32 blocks.
            blockCounter = blockCounter &+ 1
        }
    }

    @inline(__always)
    private static func lane(_ low: UInt32, _ high: UInt32) -> UInt64 {
        UInt64(low) | (UInt64(high) << 32)
    }

    @inline(__always)
    private static func xorLane(
        _ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer, _ offset: Int, _ lane: UInt64
    ) {
        let plain = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        output.storeBytes(of: (plain ^ lane).littleEndian, toByteOffset: offset, as: UInt64.self)
    }

    /// One keystream block as sixteen numeric words (RFC 8439 §2.3: the state after 20 rounds plus the input).
    private func block(counter: UInt32, nonce: (UInt32, UInt32, UInt32)) -> (
        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32
    ) {
        // "expand 32-byte k"
        let c0: UInt32 = 0x6170_7865, c1: UInt32 = 0x3320_646e, c2: UInt32 = 0x7962_2d32, c3: UInt32 = 0x6b20_6574
        var x0 = c0, x1 = c1, x2 = c2, x3 = c3
        var x4 = k0, x5 = k1, x6 = k2, x7 = k3
        var x8 = k4, x9 = k5, x10 = k6, x11 = k7
        var x12 = counter, x13 = nonce.0, x14 = nonce.1, x15 = nonce.2
        for _ in 0..<10 {
            // Column round, then diagonal round (RFC 8439 §2.3).
            Self.quarterRound(&x0, &x4, &x8, &x12)
            Self.quarterRound(&x1, &x5, &x9, &x13)
            Self.quarterRound(&x2, &x6, &x10, &x14)
            Self.quarterRound(&x3, &x7, &x11, &x15)
            Self.quarterRound(&x0, &x5, &x10, &x15)
            Self.quarterRound(&x1, &x6, &x11, &x12)
            Self.quarterRound(&x2, &x7, &x8, &x13)
            Self.quarterRound(&x3, &x4, &x9, &x14)
        }
        // Adding the input state back is mod 2^32 by definition.
        return (x0 &+ c0, x1 &+ c1, x2 &+ c2, x3 &+ c3, x4 &+ k0, x5 &+ k1, x6 &+ k2, x7 &+ k3,
                x8 &+ k4, x9 &+ k5, x10 &+ k6, x11 &+ k7, x12 &+ counter, x13 &+ nonce.0, x14 &+ nonce.1,
                x15 &+ nonce.2)
    }

    /// RFC 8439 §2.1; additions are mod 2^32 by definition.
    @inline(__always)
    private static func quarterRound(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32) {
        a = a &+ b; d ^= a; d = (d << 16) | (d >> 16)
        c = c &+ d; b ^= c; b = (b << 12) | (b >> 20)
        a = a &+ b; d ^= a; d = (d << 8) | (d >> 24)
        c = c &+ d; b ^= c; b = (b << 7) | (b >> 25)
    }
}
