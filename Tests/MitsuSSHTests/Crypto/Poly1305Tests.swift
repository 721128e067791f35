import XCTest
#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
#if canImport(MitsuSSH)
import MitsuSSH
#else
import MitsuSSHCrypto
#endif

/// Poly1305 against every vector RFC 8439 publishes (§2.5.2 and Appendix A.3), plus the properties the
/// SSH layer relies on: any split of the input gives the same tag, and bad keys throw instead of trapping.
final class Poly1305Tests: XCTestCase {
    private static let ietfText = Array(
        ("Any submission to the IETF intended by the Contributor for publication as all or part of an IETF "
            + "Internet-Draft or RFC and any statement made within the context of an IETF activity is considered an "
            + "\"IETF Contribution\". Such statements include oral statements in IETF sessions, as well as written "
            + "and electronic communications made at any time or place, which are addressed to").utf8)

    private func assertTag(
        key: String, message: [UInt8], tag: String, _ name: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let computed = try Poly1305.tag(key: CryptoHex.bytes(key), message: message)
        XCTAssertEqual(CryptoHex.string(computed), CryptoHex.string(CryptoHex.bytes(tag)), name, file: file, line: line)
    }

    func testRFC8439Section2_5_2() throws {
        try assertTag(
            key: "85:d6:be:78:57:55:6d:33:7f:44:52:fe:42:d5:06:a8:01:03:80:8a:fb:0d:b2:fd:4a:bf:f6:af:41:49:f5:1b",
            message: Array("Cryptographic Forum Research Group".utf8),
            tag: "a8:06:1d:c1:30:51:36:c6:c2:2b:8b:af:0c:01:27:a9", "§2.5.2")
    }

    func testRFC8439AppendixA3Vector1AllZero() throws {
        try assertTag(key: String(repeating: "00", count: 32), message: [UInt8](repeating: 0, count: 64),
                      tag: String(repeating: "00", count: 16), "A.3 #1")
    }

    func testRFC8439AppendixA3Vector2ZeroR() throws {
        XCTAssertEqual(Self.ietfText.count, 375)
        try assertTag(key: String(repeating: "00", count: 16) + "36e5f6b5c5e06070f0efca96227a863e",
                      message: Self.ietfText, tag: "36e5f6b5c5e06070f0efca96227a863e", "A.3 #2")
    }

    func testRFC8439AppendixA3Vector3ZeroS() throws {
        try assertTag(key: "36e5f6b5c5e06070f0efca96227a863e" + String(repeating: "00", count: 16),
                      message: Self.ietfText, tag: "f3477e7cd95417af89a6b8794c310cf0", "A.3 #3")
    }

    func testRFC8439AppendixA3Vector4Jabberwocky() throws {
        let text = Array(("'Twas brillig, and the slithy toves\nDid gyre and gimble in the wabe:\n"
            + "All mimsy were the borogoves,\nAnd the mome raths outgrabe.").utf8)
        XCTAssertEqual(text.count, 127)
        try assertTag(key: "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
                      message: text, tag: "4541669a7eaaee61e708dc7cbcc5eb62", "A.3 #4")
    }

    /// A.3 #5–#11 give R and S separately; the key is R ‖ S.
    func testRFC8439AppendixA3ReductionEdgeCases() throws {
        let zero16 = String(repeating: "00", count: 16)
        let ff16 = String(repeating: "FF", count: 16)
        let cases: [(name: String, r: String, s: String, data: String, tag: String)] = [
            ("A.3 #5 partially reduced result not fully reduced",
             "02" + String(repeating: "00", count: 15), zero16, ff16, "03" + String(repeating: "00", count: 15)),
            ("A.3 #6 adding s overflows 2^128",
             "02" + String(repeating: "00", count: 15), ff16, "02" + String(repeating: "00", count: 15),
             "03" + String(repeating: "00", count: 15)),
            ("A.3 #7 all-ones limb with carry from below",
             "01" + String(repeating: "00", count: 15), zero16,
             ff16 + "F0" + String(repeating: "FF", count: 15) + "11" + String(repeating: "00", count: 15),
             "05" + String(repeating: "00", count: 15)),
            ("A.3 #8 result exactly 2^130-5",
             "01" + String(repeating: "00", count: 15), zero16,
             ff16 + "FB" + String(repeating: "FE", count: 15) + String(repeating: "01", count: 16),
             zero16),
            ("A.3 #9 result exactly 2^130-6",
             "02" + String(repeating: "00", count: 15), zero16,
             "FD" + String(repeating: "FF", count: 15), "FA" + String(repeating: "FF", count: 15)),
            ("A.3 #10 131-bit intermediate in 5*H+L reduction",
             "0100000000000000" + "0400000000000000", zero16,
             "E33594D7505E43B900000000000000003394D7505E4379CD01000000000000000000000000000000000000000000000001000000000000000000000000000000",
             "14000000000000005500000000000000"),
            ("A.3 #11 131-bit final result in 5*H+L reduction",
             "0100000000000000" + "0400000000000000", zero16,
             "E33594D7505E43B900000000000000003394D7505E4379CD010000000000000000000000000000000000000000000000",
             "13000000000000000000000000000000"),
        ]
        for vector in cases {
            try assertTag(key: vector.r + vector.s, message: CryptoHex.bytes(vector.data), tag: vector.tag, vector.name)
        }
    }

    func testEmptyMessageTagIsS() throws {
        let key = (0..<32).map { UInt8($0) }
        XCTAssertEqual(try Poly1305.tag(key: key, message: [UInt8]()), Array(key[16..<32]))
    }

    /// Feeding the message in any two pieces must give the one-shot tag: blocks straddle `update` calls.
    func testIncrementalUpdatesMatchOneShotForEverySplit() throws {
        let key = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let message = (0..<83).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        let expected = try Poly1305.tag(key: key, message: message)
        for first in 0...message.count {
            for second in first...message.count {
                var mac = try Poly1305(key: key)
                mac.update(message[0..<first])
                mac.update(message[first..<second])
                mac.update(message[second...])
                XCTAssertEqual(mac.finalize(), expected, "split at \(first), \(second)")
            }
        }
    }

    func testInputKindsAgree() throws {
        let key = CryptoHex.bytes("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b")
        let message = Array("Cryptographic Forum Research Group".utf8)
        let expected = CryptoHex.bytes("a8061dc1305136c6c22b8baf0c0127a9")
        XCTAssertEqual(try Poly1305.tag(key: key, message: Data(message)), expected)
        XCTAssertEqual(try Poly1305.tag(key: Data(key), message: ([0] + message)[1...]), expected)
        try message.withUnsafeBytes { XCTAssertEqual(try Poly1305.tag(key: key, message: $0), expected) }
    }

    func testVerifyIsExactAndConstantTimeHelperAgrees() throws {
        let key = CryptoHex.bytes("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b")
        let message = Array("Cryptographic Forum Research Group".utf8)
        let tag = CryptoHex.bytes("a8061dc1305136c6c22b8baf0c0127a9")
        XCTAssertTrue(try Poly1305.verify(tag: tag, key: key, message: message))
        for index in tag.indices {
            var bad = tag
            bad[index] ^= 0x40
            XCTAssertFalse(try Poly1305.verify(tag: bad, key: key, message: message), "byte \(index)")
        }
        XCTAssertFalse(try Poly1305.verify(tag: tag.dropLast(), key: key, message: message))
    }

    func testWrongKeySizeThrows() {
        for size in [0, 16, 31, 33, 64] {
            XCTAssertThrowsError(try Poly1305.tag(key: [UInt8](repeating: 1, count: size), message: [1, 2, 3])) {
                XCTAssertEqual($0 as? SSHCryptoError, .invalidKeySize(expected: 32, actual: size))
            }
        }
    }
}
