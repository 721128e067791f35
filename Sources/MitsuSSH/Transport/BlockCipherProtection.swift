import Crypto
import Foundation
import _CryptoExtras

/// A block cipher mode as the SSH packet layer uses it: a stream of whole blocks per direction, the
/// state (counter, chaining block) carried from one packet to the next.
protocol BlockMode: Sendable {
    var blockSize: Int { get }
    mutating func encrypt(_ data: ArraySlice<UInt8>) -> [UInt8]
    mutating func decrypt(_ data: ArraySlice<UInt8>) -> [UInt8]
}

/// Block ciphers with a separate MAC (RFC 4253 §6.3/§6.4, RFC 4344 CTR): classic MAC over the clear
/// packet, or OpenSSH's encrypt-then-MAC. aes*-ctr for today's clients, aes*-cbc for the old bots a
/// legacy persona invites.
public struct BlockCipherProtection: InboundPacketProtection, OutboundPacketProtection {
    private var mode: any BlockMode
    private let mac: MACAlgorithm
    private let macKey: MACKey
    /// First block of the current inbound packet, already decrypted to read its length (classic MAC).
    private var firstBlock: [UInt8] = []

    init(mode: any BlockMode, mac: MACAlgorithm, macKey: [UInt8]) {
        self.mode = mode
        self.mac = mac
        self.macKey = mac.keyed(macKey)
    }

    /// aes128/192/256-ctr.
    public static func ctr(key: [UInt8], iv: [UInt8], mac: MACAlgorithm, macKey: [UInt8]) -> BlockCipherProtection {
        BlockCipherProtection(mode: AESCTRMode(key: key, iv: iv), mac: mac, macKey: macKey)
    }

    /// aes128/192/256-cbc.
    public static func cbc(key: [UInt8], iv: [UInt8], mac: MACAlgorithm, macKey: [UInt8]) -> BlockCipherProtection {
        BlockCipherProtection(mode: AESCBCMode(key: key, iv: iv), mac: mac, macKey: macKey)
    }

    private var block: Int { mode.blockSize }

    public var lengthPrefixBytes: Int { mac.encryptThenMAC ? 4 : block }

    public mutating func wireLength(prefix: ArraySlice<UInt8>, sequence: UInt32) throws -> Int {
        if mac.encryptThenMAC {
            let n = PacketPadding.uint32(prefix)
            guard n >= UInt32(block), n <= sshMaxPacketLength, Int(n) % block == 0 else { throw SSHPacketError.badLength(n) }
            return 4 + Int(n) + mac.tagLength
        }
        // The first block is decrypted once, here; `open` goes on from the block after it.
        firstBlock = mode.decrypt(prefix.prefix(block))
        let n = PacketPadding.uint32(firstBlock[...])
        guard n >= 12, n <= sshMaxPacketLength, (4 + Int(n)) % block == 0 else { throw SSHPacketError.badLength(n) }
        return 4 + Int(n) + mac.tagLength
    }

    public mutating func open(_ wire: ArraySlice<UInt8>, sequence: UInt32) throws -> [UInt8] {
        let packetEnd = wire.endIndex - mac.tagLength
        let tag = wire[packetEnd...]
        if mac.encryptThenMAC {
            let expected = macKey.tag(sequence: sequence, data: wire[wire.startIndex..<packetEnd])
            guard constantTimeEqual(tag, expected) else { throw SSHPacketError.macMismatch }
            let body = mode.decrypt(wire[(wire.startIndex + 4)..<packetEnd])
            return try PacketPadding.payload(ofBody: body[...])
        }
        let rest = mode.decrypt(wire[(wire.startIndex + block)..<packetEnd])
        let clear = firstBlock + rest
        let expected = macKey.tag(sequence: sequence, data: clear[...])
        guard constantTimeEqual(tag, expected) else { throw SSHPacketError.macMismatch }
        return try PacketPadding.payload(ofBody: clear[4...])
    }

    public mutating func seal(_ payload: [UInt8], sequence: UInt32) -> [UInt8] {
        let pad = PacketPadding.length(payload: payload.count, block: max(block, 8), lengthFieldCounted: !mac.encryptThenMAC)
        let body = PacketPadding.body(payload: payload, padding: pad, random: true)
        let length = PacketPadding.bytes(UInt32(body.count))
        if mac.encryptThenMAC {
            let out = length + mode.encrypt(body[...])
            return out + macKey.tag(sequence: sequence, data: out[...])
        }
        let clear = length + body
        let tag = macKey.tag(sequence: sequence, data: clear[...])
        return mode.encrypt(clear[...]) + tag
    }
}

/// AES in counter mode: the 16-byte IV is a 128-bit big-endian counter advanced per block.
///
/// The keystream is made ahead, `keystreamBlocks` blocks per call into swift-crypto, and XORed in: each
/// call sets up an AES key schedule and context, and a login's dozen small packets (plus the first block
/// of each inbound one, decrypted alone to read its length) made a dozen such calls per direction.
/// Every call consumes whole blocks, as the counter did before: a partial block's leftover keystream is
/// skipped, so the stream stays aligned with the peer's counter.
struct AESCTRMode: BlockMode {
    private let key: SymmetricKey
    /// The counter of the first block not yet turned into keystream.
    private var counter: [UInt8]
    private var keystream: [UInt8] = []
    private var used = 0
    static let keystreamBlocks = 64
    var blockSize: Int { 16 }

    init(key: [UInt8], iv: [UInt8]) {
        self.key = SymmetricKey(data: key)
        self.counter = Array(iv.prefix(16))
    }

    mutating func encrypt(_ data: ArraySlice<UInt8>) -> [UInt8] {
        guard !data.isEmpty else { return [] }
        var out = [UInt8](repeating: 0, count: data.count)
        var done = 0
        while done < data.count {
            if used == keystream.count { refill() }
            let n = min(data.count - done, keystream.count - used)
            guard n > 0 else { return [] }
            out.withUnsafeMutableBufferPointer { o in
                data.withUnsafeBufferPointer { d in
                    keystream.withUnsafeBufferPointer { k in
                        for i in 0..<n { o[done + i] = d[done + i] ^ k[used + i] }
                    }
                }
            }
            done += n
            used += n
        }
        // Whole blocks per call: skip what is left of a partly used block.
        used = min(keystream.count, (used + 15) / 16 * 16)
        return out
    }

    mutating func decrypt(_ data: ArraySlice<UInt8>) -> [UInt8] { encrypt(data) }

    /// The next `keystreamBlocks` blocks of keystream: AES-CTR of zeros from the current counter.
    private mutating func refill() {
        let zeros = [UInt8](repeating: 0, count: Self.keystreamBlocks * 16)
        let nonce = try? AES._CTR.Nonce(nonceBytes: counter)
        keystream = nonce.flatMap { try? AES._CTR.encrypt(zeros, using: key, nonce: $0) }.map { Array($0) } ?? []
        used = 0
        advance(by: Self.keystreamBlocks)
    }

    private mutating func advance(by blocks: Int) {
        var carry = UInt64(blocks)
        var i = 15
        while carry > 0 && i >= 0 {
            let sum = UInt64(counter[i]) + (carry & 0xFF)
            counter[i] = UInt8(truncatingIfNeeded: sum)
            carry = (carry >> 8) + (sum >> 8)
            i -= 1
        }
    }
}

/// AES in cipher block chaining mode (RFC 4253 §6.3): the chaining block runs on across packets.
struct AESCBCMode: BlockMode {
    private let key: SymmetricKey
    private var chain: [UInt8]
    var blockSize: Int { 16 }

    init(key: [UInt8], iv: [UInt8]) {
        self.key = SymmetricKey(data: key)
        self.chain = Array(iv.prefix(16))
    }

    mutating func encrypt(_ data: ArraySlice<UInt8>) -> [UInt8] {
        guard !data.isEmpty, data.count % 16 == 0, let iv = try? AES._CBC.IV(ivBytes: chain),
              let out = try? AES._CBC.encrypt(data, using: key, iv: iv, noPadding: true) else { return [] }
        let bytes = Array(out)
        chain = Array(bytes.suffix(16))
        return bytes
    }

    mutating func decrypt(_ data: ArraySlice<UInt8>) -> [UInt8] {
        guard !data.isEmpty, data.count % 16 == 0, let iv = try? AES._CBC.IV(ivBytes: chain),
              let out = try? AES._CBC.decrypt(data, using: key, iv: iv, noPadding: true) else { return [] }
        chain = Array(data.suffix(16))
        return Array(out)
    }
}
