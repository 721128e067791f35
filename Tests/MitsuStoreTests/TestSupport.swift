import Foundation
import MitsuCore
import XCTest

/// A fresh directory under /tmp per test, removed afterwards.
final class TemporaryDirectory {
    let path: String

    init(_ name: String = "mitsu-store") {
        path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A wall clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    init(_ iso: String) {
        current = Timestamp(iso8601: iso) ?? Timestamp(millisecondsSince1970: 0)
    }

    var now: Timestamp {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func set(_ iso: String) {
        lock.lock()
        defer { lock.unlock() }
        current = Timestamp(iso8601: iso) ?? current
    }
}

func ts(_ iso: String) -> Timestamp {
    Timestamp(iso8601: iso) ?? Timestamp(millisecondsSince1970: 0)
}

/// An event with most indexed fields set, so round trips exercise them.
func sampleEvent(
    _ i: Int, at timestamp: Timestamp, honeypot: String = "ssh", kind: EventKind = .loginFailed,
    srcIP: String = "198.51.100.7", session: SessionID? = nil
) -> Event {
    var e = Event(kind: kind, honeypot: honeypot, session: session, timestamp: timestamp)
    e.srcIP = srcIP
    e.srcPort = 40_000 + i % 20_000
    e.destPort = 22
    e.transport = "tcp"
    e.protocol = "ssh"
    e.username = "root"
    e.password = "pass\(i)"
    e.geoip = GeoIPInfo(countryCode2: "NL", asn: 64_496)
    e.message = "event \(i) with \"quotes\" and a\nnewline"
    return e
}

/// Decodes a file of JSON lines.
func decodeLines(_ data: Data) throws -> [Event] {
    try data.split(separator: UInt8(ascii: "\n")).map { try EventCodec.decode(Array($0)) }
}

func readFile(_ path: String) -> Data {
    FileManager.default.contents(atPath: path) ?? Data()
}

/// Runs a command and returns its standard output; fails the test on a non-zero exit.
@discardableResult
func runCommand(_ arguments: [String]) throws -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

/// `gzip -dc FILE`: an independent decoder, so a bug shared by our compressor and CompressNIO's
/// decompressor cannot hide.
func gunzip(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> Data {
    let (status, output) = try runCommand(["gzip", "-dc", path])
    XCTAssertEqual(status, 0, "gzip -dc \(path) failed", file: file, line: line)
    return output
}
