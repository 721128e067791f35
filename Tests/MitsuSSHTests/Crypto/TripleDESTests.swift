import XCTest
@testable import MitsuSSH

/// Known answers: the classic single-DES worked example, NIST SP 800-67's three-key TDEA sample (ECB),
/// and a CBC run checked against OpenSSL (through python-cryptography) with the same key and IV.
final class TripleDESTests: XCTestCase {
    func hex(_ s: String) -> [UInt8] {
        stride(from: 0, to: s.count, by: 2).map { UInt8(s.dropFirst($0).prefix(2), radix: 16)! }
    }

    func testSingleDESWorkedExample() {
        let keys = DES.subkeys(0x1334_5779_9BBC_DFF1)
        XCTAssertEqual(DES.crypt(0x0123_4567_89AB_CDEF, keys, decrypt: false), 0x85E8_1354_0F0A_B405)
        XCTAssertEqual(DES.crypt(0x85E8_1354_0F0A_B405, keys, decrypt: true), 0x0123_4567_89AB_CDEF)
    }

    func testThreeKeyTDEASampleFromSP800_67() throws {
        let tdes = try XCTUnwrap(TripleDES(key: hex("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123")))
        let plain = Array("The qufck brown fox jump".utf8)
        var cipher: [UInt8] = []
        for i in stride(from: 0, to: plain.count, by: 8) { cipher += DES.store(tdes.encrypt(DES.load(plain[i..<(i + 8)]))) }
        XCTAssertEqual(cipher, hex("A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900"))
        XCTAssertEqual(DES.store(tdes.decrypt(DES.load(cipher[0..<8]))), Array(plain[0..<8]))
        XCTAssertNil(TripleDES(key: [UInt8](repeating: 0, count: 16)), "two-key 3DES is not what 3des-cbc means")
    }

    func testCBCAcrossCallsMatchesOpenSSL() {
        let key = hex("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123"), iv = hex("f69f2445df4f9b17")
        let plain = Array("The qufck brown fox jumps over the lazy dog.".utf8) + [0, 0, 0, 0]
        let expected = hex("a5c282bad0de3774becd2e04386b589fb5057d8552fc43366ac7402cb7bf4987fd4640a174289e3bc85088ce7c09d57b")
        var enc = TripleDESCBCMode(key: key, iv: iv)
        // Split as packets are: the chaining block carries over from one call to the next.
        XCTAssertEqual(enc.encrypt(plain[0..<16]) + enc.encrypt(plain[16...]), expected)
        var dec = TripleDESCBCMode(key: key, iv: iv)
        XCTAssertEqual(dec.decrypt(expected[0..<8]) + dec.decrypt(expected[8...]), plain)
        XCTAssertEqual(dec.decrypt(expected[0..<5]), [], "a partial block is refused, not read past")
    }
}
