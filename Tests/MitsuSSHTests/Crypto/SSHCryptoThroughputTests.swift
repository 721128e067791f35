import XCTest
#if canImport(MitsuSSH)
import MitsuSSH
#else
import MitsuSSHCrypto
#endif

/// Throughput of the SSH crypto primitives, printed as `THROUGHPUT <primitive> <bytes> <MB/s> <ops/s>` lines.
/// Skipped unless MITSU_CRYPTO_BENCH=1; meaningful only in a release build:
///     MITSU_CRYPTO_BENCH=1 swift test -c release --filter SSHCryptoThroughputTests
final class SSHCryptoThroughputTests: XCTestCase {
    private static let sizes = [64, 1024, 32 * 1024]

    override func setUpWithError() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["MITSU_CRYPTO_BENCH"] == "1",
                          "set MITSU_CRYPTO_BENCH=1 (and use -c release) to measure throughput")
    }

    /// Runs `body` (which processes `bytes` bytes per call) for about `seconds` and prints the rate.
    private func measureRate(_ name: String, bytes: Int, seconds: Double = 0.6, _ body: (Int) throws -> Void) rethrows {
        let clock = ContinuousClock()
        var iterations = 0
        var elapsed = Duration.zero
        var batch = max(1, 4_000_000 / max(bytes, 1))
        repeat {
            let start = clock.now
            for index in 0..<batch { try body(iterations + index) }
            elapsed += clock.now - start
            iterations += batch
            batch = min(batch * 2, 1 << 20)
        } while elapsed < .milliseconds(Int64(seconds * 1000))
        let secondsTaken = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let megabytes = Double(bytes) * Double(iterations) / 1_000_000 / secondsTaken
        let operations = Double(iterations) / secondsTaken
        print("THROUGHPUT \(name) \(bytes) \(String(format: "%.1f", megabytes)) MB/s \(String(format: "%.0f", operations)) ops/s")
    }

    func testPoly1305Throughput() throws {
        let key = (0..<32).map { UInt8($0) }
        for size in Self.sizes {
            let message = [UInt8](repeating: 0x5A, count: size)
            var sink: UInt8 = 0
            try measureRate("poly1305", bytes: size) { _ in sink ^= try Poly1305.tag(key: key, message: message)[0] }
            XCTAssertNotNil(sink)
        }
    }

    func testChaChaPolyOpenSSHThroughput() throws {
        let cipher = try ChaChaPolyOpenSSH(key: (0..<64).map { UInt8($0) })
        for size in Self.sizes {
            let body = [UInt8](repeating: 0x5A, count: size)
            var sink = 0
            try measureRate("chacha20-poly1305-seal", bytes: size) { index in
                sink &+= try cipher.seal(plaintextAfterLength: body, sequenceNumber: UInt32(truncatingIfNeeded: index)).count
            }
            let packet = try cipher.seal(plaintextAfterLength: body, sequenceNumber: 1)
            try measureRate("chacha20-poly1305-open", bytes: size) { _ in
                sink &+= Int(try cipher.decryptLength(packet, sequenceNumber: 1))
                sink &+= try cipher.open(packet: packet, sequenceNumber: 1).count
            }
            XCTAssertGreaterThan(sink, 0)
        }
    }

    func testUMACThroughput() throws {
        for tagLength in [8, 16] {
            let umac = try UMAC(key: (0..<16).map { UInt8($0) }, tagLength: tagLength)
            for size in Self.sizes {
                let message = [UInt8](repeating: 0x5A, count: size)
                var sink: UInt8 = 0
                // Consecutive sequence numbers, as on a connection, so the pad cache behaves as in use.
                try measureRate("umac-\(tagLength * 8)", bytes: size) { index in
                    sink ^= try umac.tag(message: message, sequenceNumber: UInt32(truncatingIfNeeded: index))[0]
                }
                XCTAssertNotNil(sink)
            }
        }
    }
}
