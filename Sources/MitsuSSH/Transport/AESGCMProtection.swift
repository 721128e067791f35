import Crypto
import Foundation

/// aes128-gcm@openssh.com and aes256-gcm@openssh.com (RFC 5647 as OpenSSH implements it): the packet
/// length travels in clear as additional authenticated data; the 12-byte nonce is a 4-byte fixed field and
/// an 8-byte invocation counter incremented per packet.
public struct AESGCMProtection: InboundPacketProtection, OutboundPacketProtection {
    private let key: SymmetricKey
    private var iv: [UInt8]

    public init(key: [UInt8], iv: [UInt8]) {
        self.key = SymmetricKey(data: key)
        self.iv = Array(iv.prefix(12))
    }

    public var lengthPrefixBytes: Int { 4 }

    private mutating func nextNonce() -> AES.GCM.Nonce? {
        let nonce = try? AES.GCM.Nonce(data: iv)
        var i = 11
        while i >= 4 {
            iv[i] &+= 1
            if iv[i] != 0 { break }
            i -= 1
        }
        return nonce
    }

    public mutating func wireLength(prefix: ArraySlice<UInt8>, sequence: UInt32) throws -> Int {
        let n = PacketPadding.uint32(prefix)
        guard n >= 16, n <= sshMaxPacketLength, n % 16 == 0 else { throw SSHPacketError.badLength(n) }
        return 4 + Int(n) + 16
    }

    public mutating func open(_ wire: ArraySlice<UInt8>, sequence: UInt32) throws -> [UInt8] {
        let aad = wire.prefix(4)
        let cipherEnd = wire.endIndex - 16
        guard let nonce = nextNonce(),
              let box = try? AES.GCM.SealedBox(nonce: nonce, ciphertext: wire[(wire.startIndex + 4)..<cipherEnd], tag: wire[cipherEnd...]),
              let body = try? AES.GCM.open(box, using: key, authenticating: aad)
        else { throw SSHPacketError.macMismatch }
        return try PacketPadding.payload(ofBody: Array(body)[...])
    }

    public mutating func seal(_ payload: [UInt8], sequence: UInt32) -> [UInt8] {
        let pad = PacketPadding.length(payload: payload.count, block: 16, lengthFieldCounted: false)
        let body = PacketPadding.body(payload: payload, padding: pad, random: true)
        let length = PacketPadding.bytes(UInt32(body.count))
        guard let nonce = nextNonce(), let box = try? AES.GCM.seal(body, using: key, nonce: nonce, authenticating: length) else {
            return []
        }
        return length + Array(box.ciphertext) + Array(box.tag)
    }
}
