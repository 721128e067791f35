import Foundation
import MitsuCore
import XCTest
@testable import MitsuEnrich

final class MMDBReaderTests: XCTestCase {
    private func ip(_ text: String) -> IPAddress {
        guard let address = IPAddress(text) else {
            XCTFail("bad address \(text)")
            return IPAddress(ipv4: 0)
        }
        return address
    }

    func testLookupsForEveryRecordSizeAndIPVersion() throws {
        for recordSize in [24, 28, 32] {
            for ipVersion in [4, 6] {
                for usePointers in [true, false] {
                    let context = "record size \(recordSize), IPv\(ipVersion), pointers \(usePointers)"
                    let reader = try MMDBReader(bytes: Fixtures.cityDatabase(
                        recordSize: recordSize, ipVersion: ipVersion, usePointers: usePointers))
                    XCTAssertEqual(reader.metadata.recordSize, recordSize, context)
                    XCTAssertEqual(reader.metadata.ipVersion, ipVersion, context)

                    XCTAssertEqual(try reader.lookup(ip("81.2.69.160")), Fixtures.berlin, context)
                    XCTAssertEqual(try reader.lookup(ip("81.2.70.1")), Fixtures.germany, context)
                    XCTAssertEqual(try reader.lookup(ip("81.255.255.255")), Fixtures.germany, context)
                    XCTAssertEqual(try reader.lookup(ip("8.8.8.8")), Fixtures.mountainView, context)
                    XCTAssertEqual(try reader.lookup(ip("1.1.1.1")), Fixtures.mountainView, context)
                    XCTAssertNil(try reader.lookup(ip("1.1.1.2")), context)
                    XCTAssertNil(try reader.lookup(ip("80.255.255.255")), context)
                    XCTAssertNil(try reader.lookup(ip("82.0.0.0")), context)
                    // The mapped form is the IPv4 address.
                    XCTAssertEqual(try reader.lookup(ip("::ffff:81.2.69.160")), Fixtures.berlin, context)

                    if ipVersion == 6 {
                        XCTAssertEqual(try reader.lookup(ip("2001:4860:4860::8888")), Fixtures.mountainView, context)
                        XCTAssertEqual(try reader.lookup(ip("2400:8500:1:2::3")), Fixtures.v6Record, context)
                        XCTAssertNil(try reader.lookup(ip("2001:4861::1")), context)
                        // IPv4-compatible addresses live in the same ::/96 subtree.
                        XCTAssertEqual(try reader.lookup(ip("::81.2.69.160")), Fixtures.berlin, context)
                    } else {
                        XCTAssertNil(try reader.lookup(ip("2001:4860:4860::8888")), context)
                    }
                }
            }
        }
    }

    func testPrefixLengths() throws {
        for ipVersion in [4, 6] {
            let reader = try MMDBReader(bytes: Fixtures.cityDatabase(ipVersion: ipVersion))
            XCTAssertEqual(try reader.recordOffsetAndPrefix(for: ip("81.2.69.160"))?.prefixLength, 24)
            // 81.2.69.0/24 splits 81.0.0.0/8 (as MaxMind's writer does), so the rest of it is found under
            // the halves and quarters left over: 81.128.0.0/9, 81.64.0.0/10, …
            XCTAssertEqual(try reader.recordOffsetAndPrefix(for: ip("81.128.0.1"))?.prefixLength, 9)
            XCTAssertEqual(try reader.recordOffsetAndPrefix(for: ip("81.64.0.1"))?.prefixLength, 10)
            XCTAssertEqual(try reader.recordOffsetAndPrefix(for: ip("1.1.1.1"))?.prefixLength, 32)
            if ipVersion == 6 {
                XCTAssertEqual(try reader.recordOffsetAndPrefix(for: ip("2001:4860::1"))?.prefixLength, 32)
            }
        }
    }

    /// Large trees start IPv4 walks from a table of the first 16 levels; small test trees get it only when
    /// forced, and must then answer exactly as the plain walk does, prefix lengths included (records that
    /// end the walk above 16 bits, like the /9 and /10 left of 81.0.0.0/8, take the fallback path).
    func testIPv4JumpTableAgreesWithThePlainWalk() throws {
        var rng = SplitMix64(seed: 99)
        var probes = ["81.2.69.160", "81.128.0.1", "81.64.0.1", "81.0.0.0", "8.8.8.8", "1.1.1.1", "1.1.1.2",
                      "0.0.0.0", "255.255.255.255", "::ffff:81.2.69.1"].map(ip)
        for _ in 0..<2_000 { probes.append(IPAddress(ipv4: UInt32.random(in: 0...UInt32.max, using: &rng))) }
        for _ in 0..<500 { probes.append(IPAddress(ipv4: 0x5100_0000 | UInt32.random(in: 0...0xFF_FFFF, using: &rng))) }
        for recordSize in [24, 28, 32] {
            for ipVersion in [4, 6] {
                let bytes = Fixtures.cityDatabase(recordSize: recordSize, ipVersion: ipVersion)
                let plain = try MMDBReader(bytes: bytes)
                let table = try MMDBReader(storage: MMDBStorage(copying: bytes), ipv4TableMinimumNodes: 0)
                for probe in probes {
                    let expected = try plain.recordOffsetAndPrefix(for: probe)
                    let actual = try table.recordOffsetAndPrefix(for: probe)
                    XCTAssertEqual(actual?.offset, expected?.offset, "\(probe)")
                    XCTAssertEqual(actual?.prefixLength, expected?.prefixLength, "\(probe)")
                }
                XCTAssertEqual(try table.lookup(ip("81.2.69.160")), Fixtures.berlin)
            }
        }
    }

    func testSharedRecordsHaveOneOffset() throws {
        let reader = try MMDBReader(bytes: Fixtures.cityDatabase())
        let a = try reader.recordOffset(for: ip("8.8.8.8"))
        let b = try reader.recordOffset(for: ip("1.1.1.1"))
        let c = try reader.recordOffset(for: ip("2001:4860::1"))
        XCTAssertNotNil(a)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a, c)
        XCTAssertNotEqual(a, try reader.recordOffset(for: ip("81.2.69.1")))
        if let a { XCTAssertEqual(try reader.value(atOffset: a), Fixtures.mountainView) }
    }

    func testMetadata() throws {
        let w = MMDBTestWriter(recordSize: 24, ipVersion: 6)
        w.databaseType = "GeoLite2-City"
        w.languages = ["de", "en", "ja"]
        w.descriptions = ["en": "GeoLite2 City database", "de": "GeoLite2 Stadt"]
        w.buildEpoch = 1_530_000_000
        w.insert("1.2.3.0/24", .string("x"))
        let reader = try MMDBReader(bytes: w.build())
        let m = reader.metadata
        XCTAssertEqual(m.nodeCount, w.nodeCount)
        XCTAssertEqual(m.recordSize, 24)
        XCTAssertEqual(m.ipVersion, 6)
        XCTAssertEqual(m.databaseType, "GeoLite2-City")
        XCTAssertEqual(m.languages, ["de", "en", "ja"])
        XCTAssertEqual(m.description, ["en": "GeoLite2 City database", "de": "GeoLite2 Stadt"])
        XCTAssertEqual(m.binaryFormatMajorVersion, 2)
        XCTAssertEqual(m.binaryFormatMinorVersion, 0)
        XCTAssertEqual(m.buildEpoch, 1_530_000_000)
        XCTAssertEqual(m.buildDate, Date(timeIntervalSince1970: 1_530_000_000))
    }

    func testEveryDataType() throws {
        let long300 = String(repeating: "ä", count: 150)             // 300 bytes: two-byte size field
        let long70k = String(repeating: "x", count: 70_000)         // three-byte size field
        let value: MMDBValue = .map([
            "string": .string("hello"),
            "empty": .string(""),
            "utf8": .string("Köln 東京"),
            "long300": .string(long300),
            "long70k": .string(long70k),
            "double": .double(-122.0574),
            "float": .float(1.5),
            "bytes": .bytes([0, 1, 2, 255]),
            "uint16": .uint16(65_535),
            "uint16zero": .uint16(0),
            "uint32": .uint32(4_294_967_295),
            "uint64": .uint64(UInt64.max),
            "uint128": .uint128(high: 0x0102_0304_0506_0708, low: UInt64.max),
            "uint128small": .uint128(high: 0, low: 42),
            "int32neg": .int32(-123_456),
            "int32pos": .int32(77),
            "true": .bool(true),
            "false": .bool(false),
            "array": .array([.string("a"), .uint32(1), .array([]), .map([:])]),
            "nested": .map(["a": .map(["b": .map(["c": .string("deep")])])]),
            "manyKeys": .map(Dictionary(uniqueKeysWithValues: (0..<40).map { ("k\($0)", .uint32(UInt32($0))) })),
        ])
        for usePointers in [true, false] {
            let w = MMDBTestWriter(recordSize: 32, ipVersion: 4)
            w.usePointers = usePointers
            w.insert("10.0.0.0/8", value)
            let reader = try MMDBReader(bytes: w.build())
            let decoded = try reader.lookup(ip("10.1.2.3"))
            XCTAssertEqual(decoded, value)
            XCTAssertEqual(decoded?[path: "nested", "a", "b", "c"]?.stringValue, "deep")
            XCTAssertEqual(decoded?["uint32"]?.unsignedValue, 4_294_967_295)
            XCTAssertNil(decoded?["uint128"]?.unsignedValue)
            XCTAssertEqual(decoded?["uint128small"]?.unsignedValue, 42)
            XCTAssertEqual(decoded?["float"]?.doubleValue, 1.5)
            XCTAssertEqual(decoded?["array"]?[1], .uint32(1))
            XCTAssertNil(decoded?["array"]?[9])
        }
    }

    /// Values placed after 600 KB of padding are reached through 3- and 4-byte pointers.
    func testLargePointerForms() throws {
        let w = MMDBTestWriter(recordSize: 28, ipVersion: 6)
        w.dataPadding = .bytes([UInt8](repeating: 7, count: 600_000))
        w.insert("10.0.0.0/8", Fixtures.berlin)
        w.insert("11.0.0.0/8", .map(["same": Fixtures.berlin, "list": .array([Fixtures.berlin, Fixtures.berlin])]))
        let bytes = w.build()
        let reader = try MMDBReader(bytes: bytes)
        XCTAssertEqual(try reader.lookup(ip("10.0.0.1")), Fixtures.berlin)
        XCTAssertEqual(try reader.lookup(ip("11.0.0.1"))?["same"], Fixtures.berlin)
        XCTAssertEqual(try reader.lookup(ip("11.0.0.1"))?["list"]?[1], Fixtures.berlin)
    }

    /// The four-byte pointer form (size bits 11) adds no bias; the writer only uses it for huge files,
    /// so it is checked on a hand-made data section.
    func testFourBytePointer() throws {
        // offset 0: "abc"; offset 4: map { pointer(0) → pointer(0) } written with 4-byte pointers.
        let data: [UInt8] = [0x43, 0x61, 0x62, 0x63,
                             0xE1, 0x38, 0, 0, 0, 0, 0x38, 0, 0, 0, 0]
        let tree = MMDBTestWriter.node(left: 1 + 16 + 4, right: 1, recordSize: 24)
        let metadata = MMDBTestWriter(recordSize: 24, ipVersion: 4).metadata(nodeCount: 1)
        let reader = try MMDBReader(bytes: MMDBTestWriter.file(tree: tree, data: data, metadata: metadata))
        XCTAssertEqual(try reader.lookup(ip("1.2.3.4")), .map(["abc": .string("abc")]))
        XCTAssertNil(try reader.lookup(ip("200.0.0.1")))
    }

    func testOpensFromPathAndData() throws {
        let bytes = Fixtures.cityDatabase()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mitsu-test-\(UUID().uuidString).mmdb").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mapped = try MMDBReader(path: path)
        XCTAssertEqual(try mapped.lookup(ip("81.2.69.1")), Fixtures.berlin)
        let fromData = try MMDBReader(data: Data(bytes))
        XCTAssertEqual(fromData.metadata, mapped.metadata)
        XCTAssertThrowsError(try MMDBReader(path: path + ".missing")) { error in
            guard case MMDBError.cannotOpen = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try MMDBReader(path: FileManager.default.temporaryDirectory.path))
    }

    func testConcurrentLookups() throws {
        let reader = try MMDBReader(bytes: Fixtures.cityDatabase())
        let failures = UnsafeSendableCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for n in 0..<2_000 {
                let address = IPAddress(ipv4: 0x5102_4500 | UInt32((n + i) & 0xFF))
                if (try? reader.lookup(address)) != Fixtures.berlin { failures.increment() }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

/// A counter for concurrent test bodies.
final class UnsafeSendableCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
