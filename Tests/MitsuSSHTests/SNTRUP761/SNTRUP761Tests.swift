import MitsuCore
import XCTest
#if canImport(MitsuSSH)
import MitsuSSH
#else

#endif

/// Behaviour of the public KEM API.
final class SNTRUP761Tests: XCTestCase {

    func testSizes() {
        XCTAssertEqual(SNTRUP761.publicKeyBytes, 1158)
        XCTAssertEqual(SNTRUP761.secretKeyBytes, 1763)
        XCTAssertEqual(SNTRUP761.ciphertextBytes, 1039)
        XCTAssertEqual(SNTRUP761.sharedSecretBytes, 32)
    }

    func testRoundTripWithSeededRandomness() throws {
        for seed: UInt64 in [7, 42, 0x5eed_5eed, .max] {
            var random = SplitMix64(seed: seed)
            let (publicKey, secretKey) = SNTRUP761.generateKeyPair(random: &random)
            XCTAssertEqual(publicKey.count, SNTRUP761.publicKeyBytes)
            XCTAssertEqual(secretKey.count, SNTRUP761.secretKeyBytes)
            // The secret key carries a copy of the public key.
            XCTAssertEqual(Array(secretKey[382..<1540]), publicKey)

            let (ciphertext, sent) = try SNTRUP761.encapsulate(publicKey: publicKey, random: &random)
            XCTAssertEqual(ciphertext.count, SNTRUP761.ciphertextBytes)
            XCTAssertEqual(sent.count, SNTRUP761.sharedSecretBytes)
            let received = try SNTRUP761.decapsulate(ciphertext: ciphertext, secretKey: secretKey)
            XCTAssertEqual(sent, received, "seed \(seed)")
        }
    }

    func testRoundTripWithSystemRandomness() throws {
        let (publicKey, secretKey) = SNTRUP761.generateKeyPair()
        let first = try SNTRUP761.encapsulate(publicKey: publicKey)
        let second = try SNTRUP761.encapsulate(publicKey: publicKey)
        XCTAssertNotEqual(first.ciphertext, second.ciphertext)
        XCTAssertNotEqual(first.sharedSecret, second.sharedSecret)
        XCTAssertEqual(try SNTRUP761.decapsulate(ciphertext: first.ciphertext, secretKey: secretKey), first.sharedSecret)
        XCTAssertEqual(try SNTRUP761.decapsulate(ciphertext: second.ciphertext, secretKey: secretKey), second.sharedSecret)
    }

    func testSameSeedSameOutput() throws {
        var a = SplitMix64(seed: 99)
        var b = SplitMix64(seed: 99)
        let keysA = SNTRUP761.generateKeyPair(random: &a)
        let keysB = SNTRUP761.generateKeyPair(random: &b)
        XCTAssertEqual(keysA.publicKey, keysB.publicKey)
        XCTAssertEqual(keysA.secretKey, keysB.secretKey)
        let encA = try SNTRUP761.encapsulate(publicKey: keysA.publicKey, random: &a)
        let encB = try SNTRUP761.encapsulate(publicKey: keysA.publicKey, random: &b)
        XCTAssertEqual(encA.ciphertext, encB.ciphertext)
        XCTAssertEqual(encA.sharedSecret, encB.sharedSecret)
    }

    /// Any change to the ciphertext, in the rounded polynomial or in the
    /// confirmation hash, gives a different secret without an error, and the
    /// same one each time (it is derived from the key's rho).
    func testModifiedCiphertextIsImplicitlyRejected() throws {
        var random = SplitMix64(seed: 3)
        let (publicKey, secretKey) = SNTRUP761.generateKeyPair(random: &random)
        let (ciphertext, sharedSecret) = try SNTRUP761.encapsulate(publicKey: publicKey, random: &random)

        var rejected: [[UInt8]] = []
        for (position, flip) in [(0, UInt8(1)), (500, 0x80), (1006, 0x01), (1007, 0x01), (1038, 0x40)] {
            var forged = ciphertext
            forged[position] ^= flip
            let secret = try SNTRUP761.decapsulate(ciphertext: forged, secretKey: secretKey)
            XCTAssertEqual(secret.count, SNTRUP761.sharedSecretBytes)
            XCTAssertNotEqual(secret, sharedSecret, "byte \(position)")
            XCTAssertEqual(try SNTRUP761.decapsulate(ciphertext: forged, secretKey: secretKey), secret)
            rejected.append(secret)
        }
        // The rejection secret also depends on the ciphertext.
        XCTAssertEqual(Set(rejected.map { $0.description }).count, rejected.count)

        // Garbage of the right length is just another rejected ciphertext.
        for fill: UInt8 in [0x00, 0xff] {
            let garbage = [UInt8](repeating: fill, count: SNTRUP761.ciphertextBytes)
            XCTAssertNotEqual(try SNTRUP761.decapsulate(ciphertext: garbage, secretKey: secretKey), sharedSecret)
        }
    }

    func testCiphertextForAnotherKeyIsRejected() throws {
        var random = SplitMix64(seed: 11)
        let alice = SNTRUP761.generateKeyPair(random: &random)
        let bob = SNTRUP761.generateKeyPair(random: &random)
        let (ciphertext, sharedSecret) = try SNTRUP761.encapsulate(publicKey: alice.publicKey, random: &random)
        XCTAssertNotEqual(try SNTRUP761.decapsulate(ciphertext: ciphertext, secretKey: bob.secretKey), sharedSecret)
    }

    /// A hostile client controls the public key; any 1158 bytes must
    /// encapsulate without trapping (out-of-range digits are reduced).
    func testArbitraryPublicKeyBytesEncapsulate() throws {
        var random = SplitMix64(seed: 5)
        for fill: UInt8 in [0x00, 0xff, 0x80] {
            let publicKey = [UInt8](repeating: fill, count: SNTRUP761.publicKeyBytes)
            let (ciphertext, secret) = try SNTRUP761.encapsulate(publicKey: publicKey, random: &random)
            XCTAssertEqual(ciphertext.count, SNTRUP761.ciphertextBytes)
            XCTAssertEqual(secret.count, SNTRUP761.sharedSecretBytes)
        }
    }

    /// Decapsulation trusts the secret key's layout but must not trap on a
    /// corrupted one (its unused 2-bit pattern decodes to 2, the largest
    /// value the arithmetic is sized for).
    func testCorruptedSecretKeyDoesNotTrap() throws {
        var random = SplitMix64(seed: 13)
        let (publicKey, _) = SNTRUP761.generateKeyPair(random: &random)
        let (ciphertext, _) = try SNTRUP761.encapsulate(publicKey: publicKey, random: &random)
        let randomKey = (0..<SNTRUP761.secretKeyBytes).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for secretKey in [[UInt8](repeating: 0xff, count: SNTRUP761.secretKeyBytes), randomKey] {
            let secret = try SNTRUP761.decapsulate(ciphertext: ciphertext, secretKey: secretKey)
            XCTAssertEqual(secret.count, SNTRUP761.sharedSecretBytes)
        }
    }

    /// Random bytes of the right lengths, as a hostile peer could send.
    func testRandomInputsDoNotTrap() throws {
        var random = SplitMix64(seed: 17)
        let (_, secretKey) = SNTRUP761.generateKeyPair(random: &random)
        for _ in 0..<8 {
            let publicKey = (0..<SNTRUP761.publicKeyBytes).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            XCTAssertEqual(try SNTRUP761.encapsulate(publicKey: publicKey, random: &random).ciphertext.count,
                           SNTRUP761.ciphertextBytes)
            let ciphertext = (0..<SNTRUP761.ciphertextBytes).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            XCTAssertEqual(try SNTRUP761.decapsulate(ciphertext: ciphertext, secretKey: secretKey).count,
                           SNTRUP761.sharedSecretBytes)
        }
    }

    func testWrongLengthsThrow() throws {
        var random = SplitMix64(seed: 1)
        let (publicKey, secretKey) = SNTRUP761.generateKeyPair(random: &random)
        let (ciphertext, _) = try SNTRUP761.encapsulate(publicKey: publicKey, random: &random)

        for length in [0, 1157, 1159, 1190] {
            let key = [UInt8](repeating: 1, count: length)
            XCTAssertThrowsError(try SNTRUP761.encapsulate(publicKey: key, random: &random)) { error in
                XCTAssertEqual(error as? SNTRUP761.InputError, .publicKeyLength(length))
            }
            XCTAssertThrowsError(try SNTRUP761.encapsulate(publicKey: key)) { error in
                XCTAssertEqual(error as? SNTRUP761.InputError, .publicKeyLength(length))
            }
        }
        for length in [0, 1007, 1038, 1040] {
            let forged = [UInt8](repeating: 1, count: length)
            XCTAssertThrowsError(try SNTRUP761.decapsulate(ciphertext: forged, secretKey: secretKey)) { error in
                XCTAssertEqual(error as? SNTRUP761.InputError, .ciphertextLength(length))
            }
        }
        for length in [0, 1762, 1764] {
            let key = [UInt8](repeating: 1, count: length)
            XCTAssertThrowsError(try SNTRUP761.decapsulate(ciphertext: ciphertext, secretKey: key)) { error in
                XCTAssertEqual(error as? SNTRUP761.InputError, .secretKeyLength(length))
            }
        }
    }
}
