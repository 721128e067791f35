import Crypto
import XCTest
import _CryptoExtras
@testable import MitsuSSH

/// AESCTRMode makes its keystream ahead in large pieces; what goes on the wire must stay exactly AES-CTR
/// over the whole stream (RFC 4344), however the packets cut it.
final class AESCTRModeTests: XCTestCase {
    func reference(_ data: [UInt8], key: [UInt8], iv: [UInt8]) throws -> [UInt8] {
        Array(try AES._CTR.encrypt(data, using: SymmetricKey(data: key), nonce: AES._CTR.Nonce(nonceBytes: iv)))
    }

    func testPacketsOfAnySizeMatchOneCTRStream() throws {
        let key = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 11) }
        // The second IV carries across bytes on the first refill (…fe ff ff ff ff + 64 blocks).
        for iv in [(0..<16).map { UInt8(truncatingIfNeeded: $0 &* 5 &+ 1) }, [UInt8](repeating: 0xFF, count: 12) + [0xFF, 0xFF, 0xFF, 0xC3]] {
            // Block-aligned packets crossing the 1,024-byte refill boundary several times.
            let sizes = [16, 32, 48, 1024, 1040, 16, 4096, 2048 + 16, 64, 16 * 64, 16]
            let total = sizes.reduce(0, +)
            let plain = (0..<total).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var mode = AESCTRMode(key: key, iv: iv)
            var out: [UInt8] = []
            var at = 0
            for n in sizes {
                out += mode.encrypt(plain[at..<(at + n)])
                at += n
            }
            XCTAssertEqual(out, try reference(plain, key: key, iv: iv))
            var back = AESCTRMode(key: key, iv: iv)
            XCTAssertEqual(back.decrypt(out[...]), plain)
        }
    }

    /// A call on a partial block uses up the whole block, as the per-call counter did: the next call
    /// starts on the next block's keystream.
    func testAPartialBlockUsesUpTheBlock() throws {
        let key = [UInt8](repeating: 1, count: 16), iv = [UInt8](repeating: 2, count: 16)
        let stream = try reference([UInt8](repeating: 0, count: 48), key: key, iv: iv)
        var mode = AESCTRMode(key: key, iv: iv)
        XCTAssertEqual(mode.encrypt([UInt8](repeating: 0, count: 5)[...]), Array(stream[0..<5]))
        XCTAssertEqual(mode.encrypt([UInt8](repeating: 0, count: 16)[...]), Array(stream[16..<32]))
        XCTAssertEqual(mode.encrypt([][...]), [])
        XCTAssertEqual(mode.encrypt([UInt8](repeating: 0, count: 16)[...]), Array(stream[32..<48]))
    }
}
