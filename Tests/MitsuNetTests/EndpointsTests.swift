import XCTest
import MitsuCore
import NIOCore
@testable import MitsuNet

final class EndpointsTests: XCTestCase {
    /// What a dual-stack listener reports is folded to the one text per client that `IPText.normalized`
    /// gives, and other addresses keep inet_ntop's form.
    func testAddressesAreCanonicalAndMappedIPv4IsFolded() throws {
        let cases = [
            ("::ffff:203.0.113.7", "203.0.113.7"),
            ("::ffff:0.0.0.0", "0.0.0.0"),
            ("198.51.100.250", "198.51.100.250"),
            ("2001:DB8:0:0::1", "2001:db8::1"),
            ("::1", "::1"),
            ("::", "::"),
            ("::ffff:1:2", "0.1.0.2"),
            ("::fffe:203.0.113.7", "::fffe:cb00:7107"),
            ("1::ffff:203.0.113.7", "1::ffff:cb00:7107"),
        ]
        for (input, expected) in cases {
            let remote = try SocketAddress(ipAddress: input, port: 40000)
            let ends = Endpoints(remote: remote, local: try SocketAddress(ipAddress: "::", port: 22))
            XCTAssertEqual(ends.srcIP, expected, input)
            XCTAssertEqual(ends.srcIP, IPText.normalized(input), input)
            XCTAssertEqual(ends.srcPort, 40000)
            XCTAssertEqual(ends.destIP, "::")
            XCTAssertEqual(ends.destPort, 22)
        }
        XCTAssertEqual(Endpoints(remote: nil, local: nil).srcIP, "")
    }
}
