import XCTest
@testable import MitsuShell

final class SFTPWireTests: XCTestCase {
    func string(_ s: String) -> [UInt8] { uint32(UInt32(s.utf8.count)) + Array(s.utf8) }
    func uint32(_ n: UInt32) -> [UInt8] { [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] }

    func testFramingSplitsPacketsAndRefusesOversizedOnes() {
        let open = [UInt8(3)] + uint32(7) + string("/tmp/x") + uint32(0x1A) + uint32(0)
        var buffer = uint32(UInt32(open.count)) + open + uint32(5) + [1, 0, 0]
        XCTAssertEqual(SFTP.nextPacket(&buffer), .some(open))
        XCTAssertEqual(SFTP.parse(open), .open(id: 7, path: "/tmp/x", flags: 0x1A))
        XCTAssertEqual(SFTP.nextPacket(&buffer), .some(nil), "a partial packet waits for more bytes")
        var huge = uint32(UInt32(SFTP.maxPacket + 1)) + [3]
        XCTAssertNil(SFTP.nextPacket(&huge), "longer than OpenSSH's limit: the session ends")
        var zero = uint32(0)
        XCTAssertNil(SFTP.nextPacket(&zero))
    }

    func testTruncatedAndLyingRequestsParseToNil() {
        let write = [UInt8(6)] + uint32(1) + uint32(4) + [0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0] + uint32(3) + [1, 2, 3]
        XCTAssertEqual(SFTP.parse(write), .write(id: 1, handle: [0, 0, 0, 0], offset: 0, data: [1, 2, 3]))
        for cut in 1..<write.count { XCTAssertNil(SFTP.parse(Array(write.prefix(cut))), "cut at \(cut)") }
        XCTAssertNil(SFTP.parse([6] + uint32(1) + uint32(0xFFFF_FFFF)), "a handle length past the packet")
        let attrs = [UInt8(9)] + string("/x") + uint32(0x8000_0000) + uint32(1_000_000)
        XCTAssertNil(SFTP.parse([9] + uint32(2) + Array(attrs.dropFirst())), "too many extended attributes")
        XCTAssertEqual(SFTP.parse([99] + uint32(5)), .unsupported(id: 5, type: 99))
    }
}

final class SCPSinkTests: XCTestCase {
    func testOnlyTheSinkModeIsTakenOver() {
        XCTAssertEqual(SCPSink.parse("scp -t /tmp")?.target, "/tmp")
        XCTAssertEqual(SCPSink.parse("scp -r -p -t /var/tmp/x")?.recursive, true)
        XCTAssertNil(SCPSink.parse("scp -f /etc/passwd"), "source mode is the shell's scp command")
        XCTAssertNil(SCPSink.parse("scp file user@host:/tmp"))
        XCTAssertNil(SCPSink.parse("cat -t x"))
    }

    func testHeadersAndNames() {
        XCTAssertEqual(SCPSink.header("C0755 1024 kworker")?.size, 1024)
        XCTAssertEqual(SCPSink.header("C0755 1024 kworker")?.mode, 0o755)
        XCTAssertEqual(SCPSink.header("C0644 5 name with spaces")?.name, "name with spaces")
        XCTAssertNil(SCPSink.header("C0644 -5 x"))
        XCTAssertNil(SCPSink.header("C0999 5 x"), "not octal")
        XCTAssertNil(SCPSink.header("C0644 5"))
        XCTAssertFalse(SCPSink.isPlainName("../../etc/passwd"))
        XCTAssertFalse(SCPSink.isPlainName(".."))
        XCTAssertTrue(SCPSink.isPlainName(".bashrc"))
    }
}
