import XCTest
#if canImport(MitsuSSH)
import MitsuSSH
#else

#endif

/// Byte-exact agreement with OpenSSH's sntrup761.c (see
/// SNTRUP761KnownAnswerVectors.swift for how the vectors were made).
final class SNTRUP761KnownAnswerTests: XCTestCase {
    private typealias Support = SNTRUP761TestSupport

    func testVectorsDecode() {
        XCTAssertEqual(Support.knownAnswers.count, 4)
        XCTAssertEqual(Support.knownAnswers.filter(\.forcesNonInvertibleFirstDraw).count, 1)
        for vector in Support.knownAnswers {
            XCTAssertEqual(Support.bytes(base64: vector.publicKeyBase64).count, SNTRUP761.publicKeyBytes)
            XCTAssertEqual(Support.bytes(base64: vector.secretKeyBase64).count, SNTRUP761.secretKeyBytes)
            XCTAssertEqual(Support.bytes(base64: vector.ciphertextBase64).count, SNTRUP761.ciphertextBytes)
            XCTAssertEqual(Support.bytes(hex: vector.sharedSecretHex).count, SNTRUP761.sharedSecretBytes)
            XCTAssertEqual(Support.bytes(hex: vector.rejectedSecretHex).count, SNTRUP761.sharedSecretBytes)
        }
    }

    func testKeyGenerationMatchesReference() {
        for vector in Support.knownAnswers {
            var random = Support.KnownAnswerRandom(vector)
            let (publicKey, secretKey) = SNTRUP761.generateKeyPair(random: &random)
            XCTAssertEqual(publicKey, Support.bytes(base64: vector.publicKeyBase64), "seed \(vector.seed)")
            XCTAssertEqual(secretKey, Support.bytes(base64: vector.secretKeyBase64), "seed \(vector.seed)")
        }
    }

    /// What the SSH server does: encapsulate against a client's public key.
    func testEncapsulationMatchesReference() throws {
        for vector in Support.knownAnswers {
            var random = Support.KnownAnswerRandom(vector)
            // Key generation first, so the generator is where the reference's was.
            _ = SNTRUP761.generateKeyPair(random: &random)
            let (ciphertext, sharedSecret) = try SNTRUP761.encapsulate(
                publicKey: Support.bytes(base64: vector.publicKeyBase64), random: &random)
            XCTAssertEqual(ciphertext, Support.bytes(base64: vector.ciphertextBase64), "seed \(vector.seed)")
            XCTAssertEqual(sharedSecret, Support.bytes(hex: vector.sharedSecretHex), "seed \(vector.seed)")
        }
    }

    func testDecapsulationMatchesReference() throws {
        for vector in Support.knownAnswers {
            let secretKey = Support.bytes(base64: vector.secretKeyBase64)
            var ciphertext = Support.bytes(base64: vector.ciphertextBase64)
            XCTAssertEqual(
                try SNTRUP761.decapsulate(ciphertext: ciphertext, secretKey: secretKey),
                Support.bytes(hex: vector.sharedSecretHex), "seed \(vector.seed)")
            ciphertext[0] ^= 1
            XCTAssertEqual(
                try SNTRUP761.decapsulate(ciphertext: ciphertext, secretKey: secretKey),
                Support.bytes(hex: vector.rejectedSecretHex), "seed \(vector.seed)")
        }
    }
}
