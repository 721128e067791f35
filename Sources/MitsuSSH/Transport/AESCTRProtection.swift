import Crypto
import Foundation
import _CryptoExtras

/// aes128-ctr, aes192-ctr, aes256-ctr (RFC 4344) with an HMAC, classic (MAC over the clear packet) or
/// encrypt-then-MAC. Every SSH packet is a whole number of AES blocks, so the CTR stream is kept as a
/// 128-bit counter advanced per packet.
public struct AESCTRProtection: InboundPacketProtection, OutboundPacketProtection {
    private let key: SymmetricKey
    private var counter: [UInt8]
    private let mac: MACAlgorithm
    private let macKey: MACKey
    /// First block of the current inbound packet, decrypted to read its length (classic MAC mode).
    private var firstBlock: [UInt8] = []

    public init(key: [UInt8], iv: [UInt8], mac: MACAlgorithm, macKey: [UInt8]) {
        self.key = SymmetricKey(data: key)
        self.counter = Array(iv.prefix(16))
        self.mac = mac
        self.macKey = mac.keyed(macKey)
    }

    public var lengthPrefixBytes: Int { mac.encryptThenMAC ? 4 : 16 }

    private mutating func crypt(_ data: ArraySlice<UInt8>) -> [UInt8] {
        guard !data.isEmpty else { return [] }
        // Nonce of 16 bytes = the full counter block.
        let nonce = try? AES._CTR.Nonce(nonceBytes: counter)
        let out = nonce.flatMap { try? AES._CTR.encrypt(data, using: key, nonce: $0) } ?? Data()
        advance(by: data.count / 16)
        return Array(out)
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

    public mutating func wireLength(prefix: ArraySlice<UInt8>, sequence: UInt32) throws -> Int {
        if mac.encryptThenMAC {
            let n = PacketPadding.uint32(prefix)
            guard n >= 16, n <= sshMaxPacketLength, n % 16 == 0 else { throw SSHPacketError.badLength(n) }
            return 4 + Int(n) + mac.tagLength
        }
        // Decrypt the first block without consuming the counter twice: it is re-used by `open`.
        let saved = counter
        firstBlock = crypt(prefix.prefix(16))
        counter = saved
        let n = PacketPadding.uint32(firstBlock[...])
        guard n >= 12, n <= sshMaxPacketLength, (4 + Int(n)) % 16 == 0 else { throw SSHPacketError.badLength(n) }
        return 4 + Int(n) + mac.tagLength
    }

    public mutating func open(_ wire: ArraySlice<UInt8>, sequence: UInt32) throws -> [UInt8] {
        let packetEnd = wire.endIndex - mac.tagLength
        let tag = wire[packetEnd...]
        if mac.encryptThenMAC {
            let expected = macKey.tag(sequence: sequence, data: wire[wire.startIndex..<packetEnd])
            guard constantTimeEqual(tag, expected) else { throw SSHPacketError.macMismatch }
            let body = crypt(wire[(wire.startIndex + 4)..<packetEnd])
            return try PacketPadding.payload(ofBody: body[...])
        }
        advance(by: 1)
        let rest = crypt(wire[(wire.startIndex + 16)..<packetEnd])
        let clear = firstBlock + rest
        let expected = macKey.tag(sequence: sequence, data: clear[...])
        guard constantTimeEqual(tag, expected) else { throw SSHPacketError.macMismatch }
        return try PacketPadding.payload(ofBody: clear[4...])
    }

    public mutating func seal(_ payload: [UInt8], sequence: UInt32) -> [UInt8] {
        let pad = PacketPadding.length(payload: payload.count, block: 16, lengthFieldCounted: !mac.encryptThenMAC)
        let body = PacketPadding.body(payload: payload, padding: pad, random: true)
        let length = PacketPadding.bytes(UInt32(body.count))
        if mac.encryptThenMAC {
            let out = length + crypt(body[...])
            return out + macKey.tag(sequence: sequence, data: out[...])
        }
        let clear = length + body
        let tag = macKey.tag(sequence: sequence, data: clear[...])
        return crypt(clear[...]) + tag
    }
}
