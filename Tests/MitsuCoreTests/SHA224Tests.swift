import MitsuCore
import XCTest

/// FIPS 180-4 examples (NIST's SHA-224 sample values) and padding edges, expected values from Python's
/// hashlib written literally.
final class SHA224Tests: XCTestCase {
    private func hex(_ s: String) -> String { Digests.sha224(Array(s.utf8)) }

    func testNISTSamples() {
        XCTAssertEqual(hex("abc"), "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")
        XCTAssertEqual(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")
        XCTAssertEqual(Digests.sha224([UInt8](repeating: 0x61, count: 1_000_000)), "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67")
    }

    /// 55 bytes pad within one block, 56 spill the length into a second, 64 and 119 cross block edges.
    func testPaddingEdges() {
        XCTAssertEqual(hex(""), "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")
        XCTAssertEqual(hex(String(repeating: "a", count: 55)), "fb0bd626a70c28541dfa781bb5cc4d7d7f56622a58f01a0b1ddd646f")
        XCTAssertEqual(hex(String(repeating: "a", count: 56)), "d40854fc9caf172067136f2e29e1380b14626bf6f0dd06779f820dcd")
        XCTAssertEqual(hex(String(repeating: "a", count: 64)), "a88cd5cde6d6fe9136a4e58b49167461ea95d388ca2bdb7afdc3cbf4")
        XCTAssertEqual(hex(String(repeating: "a", count: 119)), "e000e6709d26667b631faa7fc1bd404eb4774003c5fb4f51a0184875")
    }

    func testIncrementalUpdatesEqualOneShot() {
        var h = SHA224()
        for chunk in ["ab", "", "c"] { h.update(Array(chunk.utf8)) }
        XCTAssertEqual(Digests.hex(h.finalize()), "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")
    }
}
