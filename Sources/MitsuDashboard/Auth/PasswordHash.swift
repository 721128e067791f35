import Crypto
import _CryptoExtras
import Foundation
import MitsuCore

/// Slow, salted, memory-hard password hashes for dashboard accounts: scrypt (swift-crypto's
/// `_CryptoExtras.KDF.Scrypt`, BoringSSL underneath), stored as `scrypt$N$r$p$SALT$HASH` (base64) so the
/// work factor can be raised later without invalidating existing hashes.
public enum PasswordHash {
    /// OWASP's recommendation: N = 2^17, r = 8, p = 1 (128 MiB and ~0.1-0.3 s per hash).
    public static let defaultCost = 1 << 17
    static let blockSize = 8
    static let parallelism = 1

    public static func make(_ password: String, cost: Int = defaultCost) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = rng.next() }
        let hash = try derive(password, salt: salt, cost: cost, blockSize: blockSize, parallelism: parallelism)
        return "scrypt$\(cost)$\(blockSize)$\(parallelism)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// True when `password` matches `stored`; false for any malformed stored value (and for costs outside
    /// sane bounds, so a tampered file cannot make a login allocate gigabytes).
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
              n >= 2, n <= 1 << 20, n & (n - 1) == 0, (1...16).contains(r), (1...4).contains(p),
              let salt = Data(base64Encoded: String(parts[4])), let expected = Data(base64Encoded: String(parts[5])),
              expected.count == 32, let actual = try? derive(password, salt: Array(salt), cost: n, blockSize: r, parallelism: p)
        else { return false }
        return constantTimeEqual(actual, Array(expected))
    }

    private static func derive(_ password: String, salt: [UInt8], cost: Int, blockSize: Int, parallelism: Int) throws -> [UInt8] {
        // scrypt needs 128 * N * r * p bytes; BoringSSL refuses more than maxMemory (default 32 MiB).
        let memory = 128 * cost * blockSize * parallelism + (1 << 20)
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: cost,
                                           blockSize: blockSize, parallelism: parallelism, maxMemory: memory)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Compares without an early exit, so response time does not reveal how many bytes matched.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}

/// Random secrets: session ids, CSRF tokens, API tokens, generated passwords.
public enum Secret {
    /// `byteCount` random bytes as URL-safe base64 without padding (valid in cookies and headers).
    public static func token(byteCount: Int = 32) -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = rng.bytes(byteCount)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A short public identifier (API token ids): lowercase hex, so it never starts with `-` and a
    /// command line (`mitsu user revoke-token ID`) never takes it for an option.
    public static func identifier(byteCount: Int = 6) -> String {
        var rng = SystemRandomNumberGenerator()
        return Digests.hex(rng.bytes(byteCount))
    }

    /// A password a person can type: 20 characters from an alphabet without look-alikes (~114 bits).
    public static func password() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    public static func sha256Hex(_ s: String) -> String {
        SHA256.hash(data: Array(s.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
