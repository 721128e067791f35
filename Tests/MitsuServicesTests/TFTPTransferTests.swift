import XCTest
import MitsuCore
@testable import MitsuServices

/// The TFTP packet parser and transfer state machine with byte fixtures (RFC 1350/2347/2348/2349).
final class TFTPTransferTests: XCTestCase {
    let store = Fixture.MemoryStorage()

    func transfer(_ packet: [UInt8], bait: [String: [UInt8]] = ["boot.cfg": Array(repeating: 0x41, count: 1000)], maxUpload: Int = 1 << 20) -> TFTPTransfer? {
        var settings = TFTPTransfer.Settings()
        settings.maxUploadBytes = maxUpload
        settings.retries = 2
        switch TFTPPacket.parse(packet) {
        case .readRequest(let r)?: return TFTPTransfer(request: r, isWrite: false, context: Fixture.context("tftp", transport: "udp"), settings: settings, bait: bait, storage: store.storage)
        case .writeRequest(let r)?: return TFTPTransfer(request: r, isWrite: true, context: Fixture.context("tftp", transport: "udp"), settings: settings, bait: bait, storage: store.storage)
        default: return nil
        }
    }

    func request(_ op: UInt8, _ name: String, mode: String = "octet", _ options: [String] = []) -> [UInt8] {
        [0, op] + ([name, mode] + options).flatMap { Array($0.utf8) + [0] }
    }

    func sent(_ out: [TFTPOutput]) -> [[UInt8]] { out.compactMap { if case .send(let b) = $0 { return b } else { return nil } } }

    func testParsesRequestsWithOptions() {
        let p = TFTPPacket.parse(request(1, "a/b.bin", mode: "OCTET", ["BLKSIZE", "1428", "tsize", "0"]))
        XCTAssertEqual(p, .readRequest(TFTPRequest(filename: "a/b.bin", mode: "octet", options: [("blksize", "1428"), ("tsize", "0")])))
    }

    func testRejectsMalformedRequests() {
        XCTAssertNil(TFTPPacket.parse([0, 1]))
        XCTAssertNil(TFTPPacket.parse([0, 1, 0x41, 0, 0x6f]), "mode not terminated")
        XCTAssertNil(TFTPPacket.parse(request(1, "x", mode: "binary")), "unknown mode")
        XCTAssertNil(TFTPPacket.parse(request(1, "x", ["blksize"])), "option without value")
        XCTAssertNil(TFTPPacket.parse([0, 9, 0, 0]))
        XCTAssertNil(TFTPPacket.parse([0, 4, 0, 1, 0]), "ACK with trailing bytes")
        XCTAssertNil(TFTPPacket.parse([0, 1] + [UInt8](repeating: 0x41, count: 600) + [0, 0x6f, 0x63, 0x74, 0x65, 0x74, 0]))
    }

    func testReadWithoutOptionsSendsBlocksAndEndsOnShortBlock() {
        guard var t = transfer(request(1, "/boot.cfg")) else { return XCTFail() }
        let start = t.start()
        XCTAssertEqual(start.compactMap { o -> Event? in if case .event(let e) = o { return e } else { return nil } }.first?.input, "RRQ /boot.cfg octet")
        XCTAssertEqual(sent(start), [[0, 3, 0, 1] + Array(repeating: 0x41, count: 512)])
        XCTAssertEqual(t.receive([0, 4, 0, 0]), [], "a stale ACK is ignored")
        XCTAssertEqual(sent(t.receive([0, 4, 0, 1])), [[0, 3, 0, 2] + Array(repeating: 0x41, count: 488)])
        XCTAssertEqual(t.receive([0, 4, 0, 1]), [], "duplicate ACK: no Sorcerer's Apprentice")
        let end = t.receive([0, 4, 0, 2])
        XCTAssertEqual(end.last, .finish)
        XCTAssertTrue(t.isFinished)
    }

    func testOptionsAreAcknowledged() {
        guard var t = transfer(request(1, "boot.cfg", ["blksize", "1024", "tsize", "0", "timeout", "2", "windowsize", "4"])) else { return XCTFail() }
        XCTAssertEqual(sent(t.start()), [[0, 6] + Array("blksize\u{0}1024\u{0}tsize\u{0}1000\u{0}timeout\u{0}2\u{0}".utf8)])
        XCTAssertEqual(t.timeoutMilliseconds, 2000)
        XCTAssertEqual(sent(t.receive([0, 4, 0, 0])), [[0, 3, 0, 1] + Array(repeating: 0x41, count: 1000)])
    }

    func testMissingFile() {
        guard var t = transfer(request(1, "etc/passwd")) else { return XCTFail() }
        let out = t.start()
        XCTAssertEqual(sent(out), [[0, 5, 0, 1] + Array("File not found".utf8) + [0]])
        XCTAssertEqual(out.last, .finish)
    }

    func testWriteStoresTheFileAndAcksEachBlock() {
        guard var t = transfer(request(2, "x.bin", ["blksize", "8"])) else { return XCTFail() }
        XCTAssertEqual(sent(t.start()), [[0, 6] + Array("blksize\u{0}8\u{0}".utf8)])
        XCTAssertEqual(sent(t.receive([0, 3, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8])), [[0, 4, 0, 1]])
        XCTAssertEqual(sent(t.receive([0, 3, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8])), [[0, 4, 0, 1]], "a repeated block is re-acknowledged, not appended")
        XCTAssertEqual(t.receive([0, 3, 0, 5, 9]), [], "an out-of-order block is ignored")
        let end = t.receive([0, 3, 0, 2, 9, 10])
        XCTAssertEqual(sent(end), [[0, 4, 0, 2]])
        XCTAssertEqual(store.files, [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]])
        let upload = end.compactMap { if case .event(let e) = $0 { return e } else { return nil } }.first
        XCTAssertEqual(upload?.kind, .fileUpload)
        XCTAssertEqual(upload?.sha256, Digests.sha256([1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as [UInt8]))
        XCTAssertEqual(upload?.filename, "x.bin")
        XCTAssertEqual(end.last, .finish)
    }

    func testNetasciiUploadIsDecoded() {
        guard var t = transfer(request(2, "n.txt", mode: "netascii")) else { return XCTFail() }
        _ = t.start()
        _ = t.receive([0, 3, 0, 1] + Array("a\r\nb\r\0c".utf8))
        XCTAssertEqual(store.files, [Array("a\nb\rc".utf8)])
    }

    func testUploadCapAndAnnouncedSize() {
        guard var big = transfer(request(2, "big", ["tsize", "99999"]), maxUpload: 100) else { return XCTFail() }
        XCTAssertEqual(sent(big.start()), [[0, 5, 0, 3] + Array("Disk full or allocation exceeded".utf8) + [0]])
        guard var t = transfer(request(2, "big"), maxUpload: 600) else { return XCTFail() }
        _ = t.start()
        _ = t.receive([0, 3, 0, 1] + Array(repeating: 1, count: 512))
        let out = t.receive([0, 3, 0, 2] + Array(repeating: 2, count: 512))
        XCTAssertEqual(out.last, .finish)
        XCTAssertEqual(store.files.first?.count, 600, "the kept prefix is stored")
    }

    func testRetransmitsThenGivesUp() {
        guard var t = transfer(request(1, "boot.cfg")) else { return XCTFail() }
        _ = t.start()
        let second = sent(t.receive([0, 4, 0, 1]))
        XCTAssertEqual(sent(t.timeout()), second)
        XCTAssertEqual(sent(t.timeout()), second)
        XCTAssertEqual(t.timeout(), [.finish], "retries: 2")
    }

    func testUnansweredFirstPacketIsRepeatedOnlyOnce() {
        // A spoofed RRQ makes the sensor send to the victim: once, and once again, then nothing.
        guard var t = transfer(request(1, "boot.cfg")) else { return XCTFail() }
        let first = sent(t.start())
        XCTAssertEqual(sent(t.timeout()), first)
        XCTAssertEqual(t.timeout(), [.finish])
    }

    func testGarbageDuringTransferIsAnErrorAndEnds() {
        guard var t = transfer(request(2, "x")) else { return XCTFail() }
        _ = t.start()
        let out = t.receive([0, 7, 1])
        XCTAssertTrue(out.contains { if case .event(let e) = $0 { return e.kind == .protocolError } else { return false } })
        XCTAssertEqual(out.last, .finish)
        for _ in 0..<500 {
            let junk = (0..<Int.random(in: 0...700)).map { _ in UInt8.random(in: 0...255) }
            _ = TFTPPacket.parse(junk)
            _ = NetASCII.decode(junk)
            if var r = transfer(request(1, "boot.cfg", ["blksize", "8"])) { _ = r.start(); _ = r.receive(junk) }
        }
    }

    func testTransferSlotsCapPerAddressAndCountRefusals() {
        let slots = TFTPTransferSlots(maxTotal: 3, maxPerIP: 2)
        XCTAssertTrue(slots.acquire("192.0.2.1"))
        XCTAssertTrue(slots.acquire("192.0.2.1"))
        XCTAssertFalse(slots.acquire("192.0.2.1"), "per-address cap")
        XCTAssertTrue(slots.acquire("2001:db8::1"))
        XCTAssertFalse(slots.acquire("2001:db8::2"), "total cap")
        slots.release("192.0.2.1")
        XCTAssertTrue(slots.acquire("2001:db8::2"))
        XCTAssertEqual(slots.refusedTotal, 2)
    }
}
