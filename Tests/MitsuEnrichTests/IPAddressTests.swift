import MitsuCore
import XCTest
@testable import MitsuEnrich

final class IPAddressTests: XCTestCase {
    func testIPv4() {
        XCTAssertEqual(IPAddress("1.2.3.4")?.ipv4, 0x0102_0304)
        XCTAssertEqual(IPAddress("0.0.0.0")?.ipv4, 0)
        XCTAssertEqual(IPAddress("255.255.255.255")?.ipv4, 0xFFFF_FFFF)
        XCTAssertEqual(IPAddress("1.2.3.4")?.description, "1.2.3.4")
        XCTAssertEqual(IPAddress("1.2.3.4")?.bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3, 4])
        for bad in ["", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.04", "01.2.3.4", "1..2.3", ".1.2.3",
                    "1.2.3.", "1.2.3.4%eth0", " 1.2.3.4", "1.2.3.-4", "1.2.3.4444", "١.2.3.4"] {
            XCTAssertNil(IPAddress(bad), bad)
        }
    }

    func testIPv6() {
        XCTAssertEqual(IPAddress("::"), IPAddress(high: 0, low: 0))
        XCTAssertEqual(IPAddress("::1"), IPAddress(high: 0, low: 1))
        XCTAssertEqual(IPAddress("1::"), IPAddress(high: 0x0001_0000_0000_0000, low: 0))
        XCTAssertEqual(IPAddress("2001:DB8::8:800:200C:417A"), IPAddress(high: 0x2001_0DB8_0000_0000, low: 0x0008_0800_200C_417A))
        XCTAssertEqual(IPAddress("1:2:3:4:5:6:7:8"), IPAddress(high: 0x0001_0002_0003_0004, low: 0x0005_0006_0007_0008))
        XCTAssertEqual(IPAddress("1:2:3:4:5:6:1.2.3.4"), IPAddress(high: 0x0001_0002_0003_0004, low: 0x0005_0006_0102_0304))
        XCTAssertEqual(IPAddress("fe80::1%eth0"), IPAddress("fe80::1"))
        XCTAssertEqual(IPAddress("::ffff:1.2.3.4"), IPAddress("1.2.3.4"))
        XCTAssertEqual(IPAddress("::ffff:102:304"), IPAddress("1.2.3.4"))
        XCTAssertTrue(IPAddress("::ffff:1.2.3.4")?.isIPv4 ?? false)
        XCTAssertFalse(IPAddress("::1.2.3.4")?.isIPv4 ?? true)
        XCTAssertEqual(IPAddress(bytes: [UInt8](repeating: 0, count: 15) + [1]), IPAddress("::1"))
        XCTAssertEqual(IPAddress(bytes: [8, 8, 4, 4]), IPAddress("8.8.4.4"))
        XCTAssertNil(IPAddress(bytes: [1, 2, 3]))
        for bad in [":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::",
                    "::g", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1:", ":1", "1::2:", "::1.2.3",
                    "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "[::1]"] {
            XCTAssertNil(IPAddress(bad), bad)
        }
    }

    func testCanonicalText() {
        let cases = [
            "::": "::", "::1": "::1", "1::": "1::", "2001:0db8:0000:0000:0000:0000:0002:0001": "2001:db8::2:1",
            "2001:db8:0:1:1:1:1:1": "2001:db8:0:1:1:1:1:1", "2001:0:0:1:0:0:0:1": "2001:0:0:1::1",
            "2001:db8::1:0:0:1": "2001:db8::1:0:0:1", "::ffff:8.8.8.8": "8.8.8.8", "::8.8.8.8": "::808:808",
            "FE80::ABCD": "fe80::abcd",
        ]
        for (input, canonical) in cases {
            XCTAssertEqual(IPAddress(input)?.description, canonical, input)
            XCTAssertEqual(IPAddress(canonical), IPAddress(input), input)
        }
    }

    func testRoundTripOfRandomAddresses() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            // Sparse groups so that zero runs of every length occur.
            var high: UInt64 = 0, low: UInt64 = 0
            for i in 0..<8 {
                let group = Bool.random(using: &rng) ? 0 : UInt64.random(in: 0...0xFFFF, using: &rng)
                if i < 4 { high = high << 16 | group } else { low = low << 16 | group }
            }
            let ip = IPAddress(high: high, low: low)
            XCTAssertEqual(IPAddress(ip.description), ip, ip.description)
        }
    }
}
