import Crypto

/// sntrup761x25519-sha512 (and its @openssh.com alias), OpenSSH's default: the client sends its
/// sntrup761 public key ‖ X25519 public key; the server encapsulates and answers ciphertext ‖ its X25519
/// key. K = SHA-512(KEM secret ‖ X25519 secret), and unlike the classic methods K enters the exchange hash
/// and the key derivation as a string, not an mpint.
struct SNTRUPX25519Exchange: ServerKeyExchange {
    func receive(_ payload: [UInt8], transcript: KexTranscript, sign: ([UInt8]) throws -> [UInt8]) throws -> KexStep {
        var r = SSHReader(payload)
        guard r.readByte() == SSHMessage.kexECDHInit, let clientPublic = r.readString(),
              clientPublic.count == SNTRUP761.publicKeyBytes + 32
        else { throw KexError.malformed }
        let kemPublic = Array(clientPublic[0..<SNTRUP761.publicKeyBytes])
        let xPublic = Array(clientPublic[SNTRUP761.publicKeyBytes...])
        let (ciphertext, kemSecret): ([UInt8], [UInt8])
        do {
            (ciphertext, kemSecret) = try SNTRUP761.encapsulate(publicKey: kemPublic)
        } catch {
            throw KexError.malformed
        }
        let mine = Curve25519.KeyAgreement.PrivateKey()
        guard let shared = try? mine.sharedSecretFromKeyAgreement(with: .init(rawRepresentation: xPublic)) else {
            throw KexError.malformed
        }
        let xSecret = shared.withUnsafeBytes { Array($0) }
        guard xSecret.contains(where: { $0 != 0 }) else { throw KexError.malformed }
        let k = Array(SHA512.hash(data: kemSecret + xSecret))
        let serverPublic = ciphertext + Array(mine.publicKey.rawRepresentation)
        var h = transcript.prefix()
        h.string(clientPublic)
        h.string(serverPublic)
        h.string(k)
        let exchangeHash = KexHash.sha512.hash(h.bytes)
        var reply = SSHWriter(message: SSHMessage.kexECDHReply)
        reply.string(transcript.hostKeyBlob)
        reply.string(serverPublic)
        reply.string(try sign(exchangeHash))
        var kw = SSHWriter()
        kw.string(k)
        return .done(KexResult(reply: reply.bytes, sharedSecret: kw.bytes, exchangeHash: exchangeHash, hashFunction: .sha512))
    }
}
