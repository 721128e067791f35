import Crypto

/// curve25519-sha256 (RFC 8731) and ecdh-sha2-nistp256/384/521 (RFC 5656): one message each way.
struct ECDHExchange: ServerKeyExchange {
    enum Curve { case x25519, p256, p384, p521 }
    let curve: Curve

    func receive(_ payload: [UInt8], transcript: KexTranscript, sign: ([UInt8]) throws -> [UInt8]) throws -> KexStep {
        var r = SSHReader(payload)
        guard r.readByte() == SSHMessage.kexECDHInit else { throw KexError.unexpectedMessage(payload.first ?? 0) }
        guard let clientPublic = r.readString() else { throw KexError.malformed }
        let (serverPublic, secret, hash) = try agree(clientPublic)
        var h = transcript.prefix()
        h.string(clientPublic)
        h.string(serverPublic)
        h.mpint(unsigned: secret)
        let exchangeHash = hash.hash(h.bytes)
        var reply = SSHWriter(message: SSHMessage.kexECDHReply)
        reply.string(transcript.hostKeyBlob)
        reply.string(serverPublic)
        reply.string(try sign(exchangeHash))
        var k = SSHWriter()
        k.mpint(unsigned: secret)
        return .done(KexResult(reply: reply.bytes, sharedSecret: k.bytes, exchangeHash: exchangeHash, hashFunction: hash))
    }

    /// Server public key, raw shared secret, hash. Invalid client points throw (swift-crypto validates
    /// curve membership; X25519 all-zero outputs are rejected as RFC 8731 requires).
    private func agree(_ client: [UInt8]) throws -> ([UInt8], [UInt8], KexHash) {
        do {
            switch curve {
            case .x25519:
                guard client.count == 32 else { throw KexError.malformed }
                let mine = Curve25519.KeyAgreement.PrivateKey()
                let s = try mine.sharedSecretFromKeyAgreement(with: .init(rawRepresentation: client))
                let raw = s.withUnsafeBytes { Array($0) }
                guard raw.contains(where: { $0 != 0 }) else { throw KexError.malformed }
                return (Array(mine.publicKey.rawRepresentation), raw, .sha256)
            case .p256:
                let mine = P256.KeyAgreement.PrivateKey()
                let s = try mine.sharedSecretFromKeyAgreement(with: .init(x963Representation: client))
                return (Array(mine.publicKey.x963Representation), s.withUnsafeBytes { Array($0) }, .sha256)
            case .p384:
                let mine = P384.KeyAgreement.PrivateKey()
                let s = try mine.sharedSecretFromKeyAgreement(with: .init(x963Representation: client))
                return (Array(mine.publicKey.x963Representation), s.withUnsafeBytes { Array($0) }, .sha384)
            case .p521:
                let mine = P521.KeyAgreement.PrivateKey()
                let s = try mine.sharedSecretFromKeyAgreement(with: .init(x963Representation: client))
                return (Array(mine.publicKey.x963Representation), s.withUnsafeBytes { Array($0) }, .sha512)
            }
        } catch let e as KexError {
            throw e
        } catch {
            throw KexError.malformed
        }
    }
}
