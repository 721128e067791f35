import Crypto

// The KEM's hashes: SHA-512 of a one-byte domain prefix and the input,
// truncated to 32 bytes. The prefixes keep the different uses apart:
//   4 — the public key (cached in the secret key),
//   3 — the encoded encapsulation input r,
//   2 — the plaintext confirmation,
//   1 — the session key of a valid ciphertext,
//   0 — the session key of a rejected ciphertext (implicit rejection).

extension SNTRUP761 {
    enum HashPrefix: UInt8 {
        case rejectedSession = 0
        case session = 1
        case confirmation = 2
        case input = 3
        case publicKey = 4
    }

    /// SHA-512(prefix ‖ parts…), first 32 bytes.
    static func hash(_ prefix: UInt8, _ parts: [UInt8]...) -> [UInt8] {
        var hasher = SHA512()
        hasher.update(data: [prefix])
        for part in parts { hasher.update(data: part) }
        return hasher.finalize().withUnsafeBytes { Array($0.prefix(hashBytes)) }
    }

    /// Hash4(public key): computed once at key generation and stored in the
    /// secret key; encapsulation recomputes it from the public key.
    static func publicKeyHash(_ publicKey: [UInt8]) -> [UInt8] {
        hash(HashPrefix.publicKey.rawValue, publicKey)
    }

    /// The 32 bytes appended to the rounded ciphertext:
    /// Hash2(Hash3(encoded r) ‖ Hash4(public key)). It binds the ciphertext
    /// to r and to the key it was made for.
    static func confirmation(encodedInput: [UInt8], publicKeyHash: [UInt8]) -> [UInt8] {
        hash(HashPrefix.confirmation.rawValue, hash(HashPrefix.input.rawValue, encodedInput), publicKeyHash)
    }

    /// The shared secret: Hash_b(Hash3(encoded input) ‖ full ciphertext),
    /// with b = 1 for an accepted ciphertext and b = 0 (input replaced by the
    /// secret rho) for a rejected one. `prefix` is 0 or 1 computed without
    /// branching on whether the ciphertext was valid.
    static func sessionKey(prefix: UInt8, encodedInput: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
        hash(prefix, hash(HashPrefix.input.rawValue, encodedInput), ciphertext)
    }
}
