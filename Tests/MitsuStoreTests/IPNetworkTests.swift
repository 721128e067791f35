@testable import MitsuStore
import XCTest

final class IPNetworkTests: XCTestCase {
    func testCanonicalText() {
        XCTAssertEqual(IPAddress.canonicalText("2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1")
        XCTAssertEqual(IPAddress.canonicalText("::ffff:192.0.2.1"), "192.0.2.1")
        XCTAssertEqual(IPAddress.canonicalText("192.0.2.1"), "192.0.2.1")
        // Not an address: kept as given rather than lost.
        XCTAssertEqual(IPAddress.canonicalText("not-an-ip"), "not-an-ip")
        XCTAssertEqual(IPAddress.canonicalText("fe80::1%eth0"), "fe80::1%eth0")
    }

    func testContains() throws {
        let v4 = try XCTUnwrap(IPNetwork("203.0.112.0/22"))
        XCTAssertTrue(v4.contains(try XCTUnwrap(IPAddress("203.0.115.255"))))
        XCTAssertFalse(v4.contains(try XCTUnwrap(IPAddress("203.0.116.0"))))
        XCTAssertFalse(v4.contains(try XCTUnwrap(IPAddress("2001:db8::1"))))
        let v6 = try XCTUnwrap(IPNetwork("2001:db8:8000::/33"))
        XCTAssertTrue(v6.contains(try XCTUnwrap(IPAddress("2001:db8:ffff::1"))))
        XCTAssertFalse(v6.contains(try XCTUnwrap(IPAddress("2001:db8:7fff::1"))))
        XCTAssertTrue(try XCTUnwrap(IPNetwork("0.0.0.0/0")).contains(try XCTUnwrap(IPAddress("255.255.255.255"))))
    }

    func testTextPrefixIsSharedByEveryCanonicalAddressOfTheBlock() throws {
        XCTAssertEqual(IPNetwork("203.0.113.0/24")?.textPrefix, "203.0.113.")
        XCTAssertEqual(IPNetwork("203.0.112.0/20")?.textPrefix, "203.0.")
        XCTAssertNil(IPNetwork("128.0.0.0/1")?.textPrefix)
        XCTAssertEqual(IPNetwork("2001:db8::/32")?.textPrefix, "2001:db8:")
        XCTAssertEqual(IPNetwork("2001:db8::/48")?.textPrefix, "2001:db8:", "stops before the first zero group")
        XCTAssertNil(IPNetwork("::/0")?.textPrefix)
        XCTAssertEqual(IPNetwork.upperBound(ofPrefix: "203.0.113."), "203.0.113/")
        XCTAssertEqual(IPNetwork.upperBound(ofPrefix: "2001:db8:"), "2001:db8;")

        // Exhaustively over a /20 and a sample of a /32 with zero groups: every member's canonical text
        // has the prefix, which is what makes the SQL range a safe prefilter.
        let v4 = try XCTUnwrap(IPNetwork("203.0.112.0/20"))
        for third in 112...127 {
            for fourth in stride(from: 0, through: 255, by: 51) {
                XCTAssertTrue(IPAddress.canonicalText("203.0.\(third).\(fourth)").hasPrefix(v4.textPrefix ?? "?"))
            }
        }
        let v6 = try XCTUnwrap(IPNetwork("2001:db8::/32"))
        for text in ["2001:db8::", "2001:db8::1", "2001:db8:0:0:1::", "2001:db8:ffff:0:0:0:0:1", "2001:db8:0:0:0:0:0:0"] {
            XCTAssertTrue(IPAddress.canonicalText(text).hasPrefix(v6.textPrefix ?? "?"), text)
        }
    }

    func testParsing() {
        XCTAssertEqual(IPNetwork("192.0.2.9")?.prefixLength, 32)
        XCTAssertEqual(IPNetwork("192.0.2.9/24")?.address.text, "192.0.2.0")
        XCTAssertEqual(IPNetwork("::ffff:192.0.2.0/120")?.prefixLength, 24)
        XCTAssertNil(IPNetwork("::ffff:192.0.2.0/64"))
        XCTAssertNil(IPNetwork("192.0.2.0/33"))
        XCTAssertNil(IPNetwork("192.0.2.0/-1"))
        XCTAssertNil(IPNetwork("/8"))
        XCTAssertNil(IPNetwork(""))
        XCTAssertNil(IPNetwork("2001:db8::/"))
    }
}
