import XCTest
@testable import MitsuEnrich

final class AddressClassifierTests: XCTestCase {
    func testLabels() {
        let cases: [String: String?] = [
            "10.0.0.0": "private", "10.255.255.255": "private", "11.0.0.0": nil,
            "172.15.255.255": nil, "172.16.0.0": "private", "172.31.255.255": "private", "172.32.0.0": nil,
            "192.168.0.0": "private", "192.169.0.0": nil,
            "127.0.0.1": "loopback", "127.255.255.254": "loopback",
            "169.254.0.1": "link-local", "169.255.0.1": nil,
            "100.63.255.255": nil, "100.64.0.0": "shared", "100.127.255.255": "shared", "100.128.0.0": nil,
            "224.0.0.0": "multicast", "239.255.255.255": "multicast",
            "240.0.0.0": "reserved", "255.255.255.254": "reserved", "255.255.255.255": "broadcast",
            "0.0.0.0": "unspecified", "0.1.2.3": "reserved",
            "192.0.2.1": "documentation", "198.51.100.7": "documentation", "203.0.113.255": "documentation",
            "192.0.3.1": nil, "203.0.114.1": nil, "198.18.0.1": "reserved", "192.0.0.8": "reserved",
            "8.8.8.8": nil, "1.1.1.1": nil, "81.2.69.160": nil,
            "::": "unspecified", "::1": "loopback", "::2": nil,
            "fc00::": "private", "fdff:ffff::1": "private", "fe00::": nil,
            "fe80::": "link-local", "febf:ffff::": "link-local", "fec0::1": "reserved",
            "ff00::": "multicast", "ff02::1:2": "multicast",
            "2001:db8::": "documentation", "2001:db8:ffff::1": "documentation", "2001:db9::": nil,
            "3fff::1": "documentation", "3fff:1000::1": nil, "100::1": "reserved",
            "2001:4860:4860::8888": nil, "2a00:1450::1": nil,
            "::ffff:10.0.0.1": "private", "::ffff:8.8.8.8": nil,
        ]
        for (text, label) in cases {
            guard let ip = IPAddress(text) else { XCTFail(text); continue }
            XCTAssertEqual(AddressClassifier.label(for: ip), label, text)
            XCTAssertEqual(AddressClassifier.isPublic(ip), label == nil, text)
        }
    }
}
