// The sntrup761 parameter set of Streamlined NTRU Prime (round 3), and the
// byte sizes that follow from it. Everything else in this folder is written
// against these names so the arithmetic reads like the specification.

extension SNTRUP761 {
    /// Degree of the ring Z[x]/(x^p - x - 1). Prime, so the ring has no
    /// exploitable subrings.
    static let p = 761

    /// Coefficient modulus of R/q. Prime, so R/q is close to a field.
    static let q: Int32 = 4591

    /// (q - 1) / 2: coefficients of R/q are kept in the centered range
    /// [-q12, q12], which is what the reference's encodings assume.
    static let q12: Int32 = 2295

    /// Hamming weight of "short" polynomials (the private key f and the
    /// encapsulation randomness r).
    static let w = 286

    /// Rounded coefficients are multiples of 3 in [-q12, q12]; dividing
    /// (c + q12) by 3 leaves values in [0, (q + 2) / 3).
    static let roundedRange: UInt16 = 1531

    /// Output length of every hash in the KEM: the first half of SHA-512.
    static let hashBytes = 32

    /// Four ternary coefficients per byte, the last byte holding one.
    static let smallBytes = (p + 3) / 4

    /// Radix encoding of p coefficients below q.
    static let rqBytes = 1158

    /// Radix encoding of p rounded coefficients below 1531.
    static let roundedBytes = 1007

    // Secret key layout: f ‖ 1/g in R/3 ‖ public key ‖ rho ‖ Hash4(public key).
    // Keeping the public key, the rejection seed rho and the public-key hash
    // in the secret key is what lets decapsulation re-encrypt and reject
    // implicitly without any other input.
    static let secretPolynomialsBytes = 2 * smallBytes
    static let secretKeyPublicKeyOffset = secretPolynomialsBytes
    static let secretKeyRhoOffset = secretKeyPublicKeyOffset + rqBytes
    static let secretKeyCacheOffset = secretKeyRhoOffset + smallBytes
}
