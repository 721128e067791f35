// Streamlined NTRU Prime sntrup761 (NTRU Prime round 3), the post-quantum
// half of OpenSSH's default key exchange sntrup761x25519-sha512@openssh.com.
//
// Byte-compatible with the public-domain SUPERCOP reference that OpenSSH
// ships as sntrup761.c: same key, ciphertext and shared-secret formats, and
// the same outputs for the same random bytes (see RandomByteStream).
//
// The server side of the key exchange only encapsulates against the client's
// ephemeral public key; key generation and decapsulation complete the KEM
// (the client side, and tests).

/// The sntrup761 key-encapsulation mechanism.
public enum SNTRUP761 {
    public static let publicKeyBytes = 1158
    public static let secretKeyBytes = 1763
    public static let ciphertextBytes = 1039
    public static let sharedSecretBytes = 32

    /// A byte string of the wrong length was passed in. Any byte string of the
    /// right length is accepted, as in the reference: public keys and
    /// ciphertexts decode to in-range values, and a forged ciphertext yields
    /// an unrelated shared secret rather than an error (implicit rejection).
    public enum InputError: Error, Equatable, Sendable {
        case publicKeyLength(Int)
        case ciphertextLength(Int)
        case secretKeyLength(Int)
    }

    // MARK: Key generation

    /// A fresh key pair from the system's secure random source.
    public static func generateKeyPair() -> (publicKey: [UInt8], secretKey: [UInt8]) {
        var random = SystemRandomNumberGenerator()
        return generateKeyPair(random: &random)
    }

    /// A key pair drawn from `random`, read as a little-endian byte stream
    /// (see RandomByteStream). Use a deterministic generator only in tests.
    public static func generateKeyPair<R: RandomNumberGenerator>(
        random: inout R
    ) -> (publicKey: [UInt8], secretKey: [UInt8]) {
        var stream = RandomByteStream(random)
        defer { random = stream.generator }

        let core = coreKeyGeneration(&stream)
        let publicKey = encodeRq(core.h)
        // rho replaces the input when a ciphertext is rejected, so a forged
        // ciphertext's "shared secret" is unpredictable to its sender.
        let rho = stream.bytes(smallBytes)
        let secretKey = encodeSmall(core.f) + encodeSmall(core.gInverse)
            + publicKey + rho + publicKeyHash(publicKey)
        return (publicKey, secretKey)
    }

    // MARK: Encapsulation

    /// Encapsulates a fresh shared secret to `publicKey` using the system's
    /// secure random source.
    public static func encapsulate(
        publicKey: [UInt8]
    ) throws(InputError) -> (ciphertext: [UInt8], sharedSecret: [UInt8]) {
        var random = SystemRandomNumberGenerator()
        return try encapsulate(publicKey: publicKey, random: &random)
    }

    /// Encapsulates to `publicKey` with randomness from `random`.
    public static func encapsulate<R: RandomNumberGenerator>(
        publicKey: [UInt8], random: inout R
    ) throws(InputError) -> (ciphertext: [UInt8], sharedSecret: [UInt8]) {
        guard publicKey.count == publicKeyBytes else {
            throw .publicKeyLength(publicKey.count)
        }
        var stream = RandomByteStream(random)
        defer { random = stream.generator }

        let r = randomShortPolynomial(&stream)
        let (ciphertext, encodedInput) = hide(r, publicKey: publicKey, publicKeyHash: publicKeyHash(publicKey))
        let sharedSecret = sessionKey(
            prefix: HashPrefix.session.rawValue, encodedInput: encodedInput, ciphertext: ciphertext)
        return (ciphertext, sharedSecret)
    }

    // MARK: Decapsulation

    /// The shared secret for `ciphertext`. A ciphertext that was not produced
    /// for this key gives a pseudorandom secret (derived from the key's
    /// rho), indistinguishable to the sender from a real one; it does not
    /// throw, so a forger learns nothing from the error path.
    public static func decapsulate(
        ciphertext: [UInt8], secretKey: [UInt8]
    ) throws(InputError) -> [UInt8] {
        guard ciphertext.count == ciphertextBytes else {
            throw .ciphertextLength(ciphertext.count)
        }
        guard secretKey.count == secretKeyBytes else {
            throw .secretKeyLength(secretKey.count)
        }
        let f = decodeSmall(secretKey[0..<smallBytes])
        let gInverse = decodeSmall(secretKey[smallBytes..<secretPolynomialsBytes])
        let publicKey = Array(secretKey[secretKeyPublicKeyOffset..<secretKeyRhoOffset])
        let rho = Array(secretKey[secretKeyRhoOffset..<secretKeyCacheOffset])
        let cachedPublicKeyHash = Array(secretKey[secretKeyCacheOffset..<secretKeyBytes])

        let c = decodeRounded(ciphertext[0..<roundedBytes])
        let r = coreDecrypt(c, f: f, gInverse: gInverse)

        // Re-encrypt the recovered input; only an exact match is accepted.
        let reencrypted = hide(r, publicKey: publicKey, publicKeyHash: cachedPublicKeyHash)
        var difference: UInt8 = 0
        for (mine, theirs) in zip(reencrypted.ciphertext, ciphertext) { difference |= mine ^ theirs }
        let reject = UInt8(truncatingIfNeeded: nonzeroMask(Int32(difference)))  // 0xFF on mismatch

        // On rejection hash rho under prefix 0 instead of r under prefix 1,
        // selected with masks rather than a branch.
        var encodedInput = reencrypted.encodedInput
        for i in 0..<smallBytes {
            encodedInput[i] ^= reject & (encodedInput[i] ^ rho[i])
        }
        let prefix = HashPrefix.session.rawValue & ~reject
        return sessionKey(prefix: prefix, encodedInput: encodedInput, ciphertext: ciphertext)
    }

    // MARK: Shared by encapsulation and decapsulation

    /// The full ciphertext for input r (rounded encryption ‖ confirmation),
    /// and r's encoding, which the session key hashes.
    private static func hide(
        _ r: SmallPolynomial, publicKey: [UInt8], publicKeyHash: [UInt8]
    ) -> (ciphertext: [UInt8], encodedInput: [UInt8]) {
        let encodedInput = encodeSmall(r)
        let h = decodeRq(publicKey[...])
        let ciphertext = encodeRounded(coreEncrypt(r, publicPolynomial: h))
            + confirmation(encodedInput: encodedInput, publicKeyHash: publicKeyHash)
        return (ciphertext, encodedInput)
    }
}
