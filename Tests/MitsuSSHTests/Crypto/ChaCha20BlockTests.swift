// ChaCha20Block is internal, so these tests need `@testable import`, which only a testable (debug) build
// allows; the release build used for throughput runs leaves them out. Every public path through the block
// function is also covered by the ChaChaPolyOpenSSH reference vectors.
#if DEBUG
import XCTest
#if canImport(MitsuSSH)
@testable import MitsuSSH
#else
@testable import MitsuSSHCrypto
#endif

/// The in-Swift ChaCha20 block function against RFC 8439's own vectors (§2.3.2 and §2.4.2).
final class ChaCha20BlockTests: XCTestCase {
    private static let rfcKey = (0..<32).map { UInt8($0) }

    private static func block() throws -> ChaCha20Block {
        try XCTUnwrap(rfcKey.withUnsafeBytes { ChaCha20Block(key: $0) })
    }

    /// Nonce bytes to RFC 8439 state words 13–15 (little-endian words).
    private static func nonceWords(_ bytes: [UInt8]) -> (UInt32, UInt32, UInt32) {
        func word(_ index: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index * 4 + $1]) << (8 * $1) }
        }
        return (word(0), word(1), word(2))
    }

    private static func keystream(
        _ block: ChaCha20Block, counter: UInt32, nonce: (UInt32, UInt32, UInt32), count: Int
    ) -> [UInt8] {
        let zeros = [UInt8](repeating: 0, count: count)
        var output = [UInt8](repeating: 0, count: count)
        zeros.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { block.apply(counter: counter, nonce: nonce, input: input, output: $0) }
        }
        return output
    }

    func testRFC8439Section2_3_2BlockFunction() throws {
        let nonce = Self.nonceWords(CryptoHex.bytes("00:00:00:09:00:00:00:4a:00:00:00:00"))
        let expected = CryptoHex.bytes("""
            10 f1 e7 e4 d1 3b 59 15 50 0f dd 1f a3 20 71 c4 c7 d1 f4 c7 33 c0 68 03 04 22 aa 9a c3 d4 6c 4e
            d2 82 64 46 07 9f aa 09 14 c2 d7 05 d9 8b 02 a2 b5 12 9c d1 de 16 4e b9 cb d0 83 e8 a2 50 3c 4e
            """)
        let block = try Self.block()
        XCTAssertEqual(CryptoHex.string(Self.keystream(block, counter: 1, nonce: nonce, count: 64)), CryptoHex.string(expected))
        // The half-block accessor used for Poly1305 keys and length masks gives the same first 32 bytes.
        let half = block.firstHalfBlock(counter: 1, nonce: nonce)
        var words = (half.0.littleEndian, half.1.littleEndian, half.2.littleEndian, half.3.littleEndian)
        XCTAssertEqual(withUnsafeBytes(of: &words) { Array($0) }, Array(expected[0..<32]))
    }

    func testRFC8439Section2_4_2Encryption() throws {
        let plaintext = Array(("Ladies and Gentlemen of the class of '99: If I could offer you only one tip "
            + "for the future, sunscreen would be it.").utf8)
        let expected = CryptoHex.bytes("""
            6e 2e 35 9a 25 68 f9 80 41 ba 07 28 dd 0d 69 81 e9 7e 7a ec 1d 43 60 c2 0a 27 af cc fd 9f ae 0b
            f9 1b 65 c5 52 47 33 ab 8f 59 3d ab cd 62 b3 57 16 39 d6 24 e6 51 52 ab 8f 53 0c 35 9f 08 61 d8
            07 ca 0d bf 50 0d 6a 61 56 a3 8e 08 8a 22 b6 5e 52 bc 51 4d 16 cc f8 06 81 8c e9 1a b7 79 37 36
            5a f9 0b bf 74 a3 5b e6 b4 0b 8e ed f2 78 5e 42 87 4d
            """)
        let block = try Self.block()
        let nonce = Self.nonceWords(CryptoHex.bytes("00:00:00:00:00:00:00:4a:00:00:00:00"))
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        plaintext.withUnsafeBytes { input in
            ciphertext.withUnsafeMutableBytes { block.apply(counter: 1, nonce: nonce, input: input, output: $0) }
        }
        XCTAssertEqual(CryptoHex.string(ciphertext), CryptoHex.string(expected))
        // In place (input and output the same memory), as the decrypt path may use it.
        var inPlace = ciphertext
        inPlace.withUnsafeMutableBytes { buffer in
            block.apply(counter: 1, nonce: nonce, input: UnsafeRawBufferPointer(buffer), output: buffer)
        }
        XCTAssertEqual(inPlace, plaintext)
    }

    /// Keystream is position-independent: starting one block later gives the same bytes shifted by 64.
    func testCounterAdvancesPerBlock() throws {
        let block = try Self.block()
        let nonce: (UInt32, UInt32, UInt32) = (0, 0, 0x0102_0304)
        let long = Self.keystream(block, counter: 1, nonce: nonce, count: 64 * 5 + 17)
        let later = Self.keystream(block, counter: 3, nonce: nonce, count: 64 * 3 + 17)
        XCTAssertEqual(Array(long[128...]), later)
    }

    func testWrongKeySizeIsRefused() {
        for size in [0, 16, 31, 33] {
            XCTAssertNil([UInt8](repeating: 0, count: size).withUnsafeBytes { ChaCha20Block(key: $0) })
        }
    }
}
#endif
