import BigInt
import Foundation
import Crypto

/// Finite-field Diffie-Hellman over a fixed group (RFC 4253 §8, RFC 8268): the client sends e, the
/// server answers f = g^y mod p. Public values are range-checked (1 < e < p-1) as RFC 4253 requires.
struct DHExchange: ServerKeyExchange {
    let group: DHGroup
    let hash: KexHash

    func receive(_ payload: [UInt8], transcript: KexTranscript, sign: ([UInt8]) throws -> [UInt8]) throws -> KexStep {
        var r = SSHReader(payload)
        guard r.readByte() == SSHMessage.kexECDHInit, let eBytes = r.readMPIntBytes() else { throw KexError.malformed }
        return .done(try DHMath.complete(group: group, clientPublic: eBytes, hashPrefix: transcript.prefix(), hash: hash,
                                         replyMessage: SSHMessage.kexECDHReply, transcript: transcript, sign: sign))
    }
}

/// diffie-hellman-group-exchange-sha256 and -sha1 (RFC 4419): the client asks for a group size, the
/// server picks one of the RFC 3526 groups, then the exchange proceeds as above with
/// min ‖ n ‖ max ‖ p ‖ g hashed in.
struct DHGroupExchange: ServerKeyExchange {
    let hash: KexHash
    private var request: (min: UInt32, n: UInt32, max: UInt32)?
    private var group: DHGroup?

    init(hash: KexHash = .sha256) {
        self.hash = hash
    }

    mutating func receive(_ payload: [UInt8], transcript: KexTranscript, sign: ([UInt8]) throws -> [UInt8]) throws -> KexStep {
        var r = SSHReader(payload)
        switch r.readByte() {
        case SSHMessage.kexDHGexRequest where request == nil:
            guard let min = r.readUInt32(), let n = r.readUInt32(), let max = r.readUInt32(), min <= n, n <= max else {
                throw KexError.malformed
            }
            // OpenSSH clamps to its own limits (2048..8192) and picks the closest group at least n bits.
            let want = Swift.min(Swift.max(Int(n), 2048), 8192)
            guard let g = DHGroup.exchangeGroups.first(where: { $0.bits >= want && $0.bits <= Swift.max(Int(max), 2048) })
                ?? DHGroup.exchangeGroups.last(where: { $0.bits <= Int(max) })
            else { throw KexError.malformed }
            request = (min, n, max)
            group = g
            var w = SSHWriter(message: SSHMessage.kexDHGexGroup)
            w.mpint(unsigned: Array(g.prime.serialize()))
            w.mpint(unsigned: Array(g.generator.serialize()))
            return .reply(w.bytes)
        case SSHMessage.kexDHGexInit:
            guard let request, let group, let eBytes = r.readMPIntBytes() else { throw KexError.malformed }
            // RFC 4419 hashes the request and the group between K_S and e.
            var h = transcript.prefix()
            h.uint32(request.min)
            h.uint32(request.n)
            h.uint32(request.max)
            h.mpint(unsigned: Array(group.prime.serialize()))
            h.mpint(unsigned: Array(group.generator.serialize()))
            return .done(try DHMath.complete(group: group, clientPublic: eBytes, hashPrefix: h, hash: hash,
                                             replyMessage: SSHMessage.kexDHGexReply, transcript: transcript, sign: sign))
        default:
            throw KexError.unexpectedMessage(payload.first ?? 0)
        }
    }
}

enum DHMath {
    /// The second half both DH methods share: f and K, H = HASH(prefix ‖ e ‖ f ‖ K), the signed reply
    /// (K_S, f, signature) and K in its mpint wire form for key derivation.
    static func complete(group: DHGroup, clientPublic: [UInt8], hashPrefix: SSHWriter, hash: KexHash, replyMessage: UInt8,
                         transcript: KexTranscript, sign: ([UInt8]) throws -> [UInt8]) throws -> KexResult {
        let (f, k, e) = try respond(group: group, clientPublic: clientPublic)
        var h = hashPrefix
        h.mpint(unsigned: e)
        h.mpint(unsigned: f)
        h.mpint(unsigned: k)
        let exchangeHash = hash.hash(h.bytes)
        var reply = SSHWriter(message: replyMessage)
        reply.string(transcript.hostKeyBlob)
        reply.mpint(unsigned: f)
        reply.string(try sign(exchangeHash))
        var kw = SSHWriter()
        kw.mpint(unsigned: k)
        return KexResult(reply: reply.bytes, sharedSecret: kw.bytes, exchangeHash: exchangeHash, hashFunction: hash)
    }

    /// f, K and e (all unsigned big-endian). The private exponent has twice the group's security
    /// strength in bits, as OpenSSH chooses it, which keeps 8192-bit exponentiation affordable.
    static func respond(group: DHGroup, clientPublic: [UInt8]) throws -> (f: [UInt8], k: [UInt8], e: [UInt8]) {
        guard clientPublic.count <= group.bits / 8 + 1, clientPublic.first.map({ $0 & 0x80 == 0 }) ?? false else {
            throw KexError.malformed
        }
        let e = BigUInt(Data(clientPublic))
        let p = group.prime
        guard e > 1, e < p - 1 else { throw KexError.malformed }
        let exponentBits = group.bits >= 8192 ? 512 : group.bits >= 4096 ? 384 : 256
        var rng = SystemRandomNumberGenerator()
        var bytes = rng.bytes(exponentBits / 8)
        bytes[0] |= 0x80
        let y = BigUInt(Data(bytes))
        let f = group.generator.power(y, modulus: p)
        let k = e.power(y, modulus: p)
        return (Array(f.serialize()), Array(k.serialize()), Array(e.serialize()))
    }
}
