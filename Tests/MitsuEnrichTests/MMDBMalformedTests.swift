import Foundation
import MitsuCore
import XCTest
@testable import MitsuEnrich

/// A database file is untrusted input: every broken file must end in a thrown error or a nil, never a
/// trap or a hang.
final class MMDBMalformedTests: XCTestCase {
    private let probes = ["81.2.69.160", "8.8.8.8", "1.1.1.1", "0.0.0.1", "255.255.255.254",
                          "2001:4860::1", "2400:8500::1", "::1", "ffff::1"].compactMap { IPAddress($0) }

    /// Opens `bytes` and exercises every read path; returns whether the open succeeded.
    @discardableResult
    private func exercise(_ bytes: [UInt8]) -> Bool {
        guard let reader = try? MMDBReader(bytes: bytes) else { return false }
        let resolver = GeoIPResolver(cityDatabase: reader, asnDatabase: reader, cacheCapacity: 16)
        for probe in probes {
            _ = try? reader.lookup(probe)
            _ = try? resolver.lookup(probe)
        }
        return true
    }

    private func expectError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line,
                             _ check: (MMDBError) -> Bool) {
        XCTAssertThrowsError(try MMDBReader(bytes: bytes), file: file, line: line) { error in
            guard let error = error as? MMDBError, check(error) else {
                return XCTFail("unexpected error \(error)", file: file, line: line)
            }
        }
    }

    private func metadata(_ change: (inout [String: MMDBValue]) -> Void) -> MMDBValue {
        guard case .map(var fields) = MMDBTestWriter(recordSize: 24, ipVersion: 4).metadata(nodeCount: 1) else {
            return .map([:])
        }
        change(&fields)
        return .map(fields)
    }

    /// One IPv4 node whose left record points at data offset 0.
    private func singleRecordFile(data: [UInt8], metadata: MMDBValue? = nil) -> [UInt8] {
        let tree = MMDBTestWriter.node(left: 1 + 16, right: 1, recordSize: 24)
        return MMDBTestWriter.file(tree: tree, data: data, metadata: metadata ?? self.metadata { _ in })
    }

    private func lookupError(_ bytes: [UInt8], _ address: String = "1.2.3.4") -> MMDBError? {
        do {
            let reader = try MMDBReader(bytes: bytes)
            _ = try reader.lookup(IPAddress(address) ?? IPAddress(ipv4: 0))
            return nil
        } catch {
            return error as? MMDBError
        }
    }

    // MARK: Structure

    func testEmptyAndMarkerless() {
        expectError([]) { $0 == .invalidFileSize(0) }
        expectError([UInt8](repeating: 0, count: 10_000)) { $0 == .metadataNotFound }
        var bytes = Fixtures.cityDatabase()
        if let at = bytes.withUnsafeBytes({ MMDBMetadata.markerOffset(in: $0) }) { bytes[at + 3] = 0 }
        expectError(bytes) { $0 == .metadataNotFound }
    }

    func testMarkerTooFarFromTheEnd() {
        // The specification caps the metadata at 128 KiB: a marker further back is not searched for.
        let bytes = Fixtures.cityDatabase() + [UInt8](repeating: 0, count: 130 * 1024)
        expectError(bytes) { $0 == .metadataNotFound }
    }

    func testBadMetadataFields() {
        let tree = MMDBTestWriter.node(left: 1, right: 1, recordSize: 24)
        func file(_ change: (inout [String: MMDBValue]) -> Void) -> [UInt8] {
            MMDBTestWriter.file(tree: tree, data: [], metadata: metadata(change))
        }
        expectError(file { $0["record_size"] = .uint16(20) }) { $0 == .unsupportedRecordSize(20) }
        expectError(file { $0["record_size"] = .string("24") }) { if case .invalidMetadata = $0 { return true }; return false }
        expectError(file { $0["ip_version"] = .uint16(5) }) { $0 == .unsupportedIPVersion(5) }
        expectError(file { $0["binary_format_major_version"] = .uint16(3) }) { $0 == .unsupportedFormatVersion(3) }
        expectError(file { $0["node_count"] = nil }) { $0 == .invalidMetadata("missing node_count") }
        expectError(file { $0["node_count"] = .uint32(0) }) { $0 == .invalidMetadata("node_count is 0") }
        expectError(file { $0["node_count"] = .uint64(1 << 40) }) { if case .invalidMetadata = $0 { return true }; return false }
        expectError(file { $0["database_type"] = .uint16(1) }) { $0 == .invalidMetadata("missing database_type") }
        expectError(MMDBTestWriter.file(tree: tree, data: [], metadata: .array([]))) { $0 == .invalidMetadata("not a map") }
        // Marker with nothing after it.
        expectError(tree + [UInt8](repeating: 0, count: 16) + MMDBMetadata.marker) {
            if case .invalidData = $0 { return true }; return false
        }
    }

    func testNodeCountPastTheFile() {
        let tree = MMDBTestWriter.node(left: 1, right: 1, recordSize: 24)
        for nodes in [2, 1_000, 16_777_215, Int(UInt32.max)] {
            let bytes = MMDBTestWriter.file(tree: tree, data: [], metadata: metadata { $0["node_count"] = .uint32(UInt32(nodes)) })
            expectError(bytes) { if case .searchTreeOutOfBounds = $0 { return true }; return false }
        }
    }

    func testRecordPointingOutsideTheDataSection() {
        for record in [1 + 16 + 3, 1 + 16 + 1_000_000, 1 + 5] {  // past the end; far past; inside the separator
            let tree = MMDBTestWriter.node(left: record, right: 1, recordSize: 24)
            let bytes = MMDBTestWriter.file(tree: tree, data: [0x41, 0x61, 0x42], metadata: metadata { _ in })
            guard case .invalidSearchTree? = lookupError(bytes) else { return XCTFail("record \(record)") }
        }
    }

    func testTreeCycleEndsOnANode() throws {
        // Node 0 points to itself on both sides: the walk must stop after 32 bits and report it.
        let tree = MMDBTestWriter.node(left: 0, right: 0, recordSize: 28)
        let bytes = MMDBTestWriter.file(tree: tree, data: [], metadata: metadata { $0["record_size"] = .uint16(28) })
        guard case .invalidSearchTree? = lookupError(bytes) else { return XCTFail() }
        // In an IPv6 tree the cached IPv4 start node is found by the same bounded walk.
        let v6 = MMDBTestWriter.file(tree: MMDBTestWriter.node(left: 0, right: 0, recordSize: 24), data: [],
                                     metadata: metadata { $0["ip_version"] = .uint16(6) })
        guard case .invalidSearchTree? = lookupError(v6, "2001:db8::1") else { return XCTFail() }
        guard case .invalidSearchTree? = lookupError(v6, "1.2.3.4") else { return XCTFail() }
    }

    // MARK: Data section

    func testPointerToPointerAndSelfPointer() {
        // offset 0: pointer → 2; offset 2: pointer → 0.
        let loop = singleRecordFile(data: [0x20, 0x02, 0x20, 0x00])
        XCTAssertEqual(lookupError(loop), .invalidData(offset: 0, reason: "pointer to a pointer"))
        // offset 0: pointer → 0.
        XCTAssertEqual(lookupError(singleRecordFile(data: [0x20, 0x00])), .invalidData(offset: 0, reason: "pointer to a pointer"))
        // A pointer past the section.
        guard case .invalidData? = lookupError(singleRecordFile(data: [0x27, 0xFF])) else { return XCTFail() }
    }

    func testMapContainingItself() {
        // offset 0: map of 1 { "a" : pointer → 0 } — infinitely deep if followed naively.
        let bytes = singleRecordFile(data: [0xE1, 0x41, 0x61, 0x20, 0x00])
        XCTAssertEqual(lookupError(bytes), .depthLimitExceeded(offset: 1))
        XCTAssertTrue(exercise(bytes))
    }

    func testExponentialSelfReference() {
        // offset 0: array of 28 elements, each a pointer → 0. Expanding it depth-first meets the depth limit.
        let data: [UInt8] = [0x1C, 0x04] + Array([[UInt8]](repeating: [0x20, 0x00], count: 28).joined())
        let loop = singleRecordFile(data: data)
        XCTAssertEqual(lookupError(loop), .depthLimitExceeded(offset: 2))
        XCTAssertTrue(exercise(loop))

        // Forty levels, each an array of 28 pointers to the level below: shallow enough for the depth limit,
        // but 28^40 values if expanded. The item budget stops it.
        var chain = DataSectionWriter.control(2, 1) + [0x78]  // level 0: "x"
        var below = 0
        for _ in 0..<40 {
            let level = chain.count
            chain += DataSectionWriter.control(11, 28)
            for _ in 0..<28 { chain += DataSectionWriter.pointer(to: below) }
            below = level
        }
        let tree = MMDBTestWriter.node(left: 1 + 16 + below, right: 1, recordSize: 24)
        let bytes = MMDBTestWriter.file(tree: tree, data: chain, metadata: metadata { _ in })
        let start = Date()
        guard case .sizeLimitExceeded? = lookupError(bytes) else { return XCTFail("\(String(describing: lookupError(bytes)))") }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertTrue(exercise(bytes))
    }

    func testRepeatedKeysPointingAtALargeMap() {
        // The GeoIP decoder follows "country" every time it appears: 60,000 repeats of a key that points at
        // a 20,000-entry map must hit the visit budget, not take 1.2 billion steps.
        var big = DataSectionWriter(usePointers: false)
        big.write(.map(Dictionary(uniqueKeysWithValues: (0..<20_000).map { ("k\($0)", MMDBValue.bool(true)) })))
        var data = big.bytes
        let recordOffset = data.count
        data += DataSectionWriter.control(7, 60_000)
        for _ in 0..<60_000 { data += DataSectionWriter.encode("country") + DataSectionWriter.pointer(to: 0) }
        let tree = MMDBTestWriter.node(left: 1 + 16 + recordOffset, right: 1, recordSize: 24)
        let bytes = MMDBTestWriter.file(tree: tree, data: data, metadata: metadata { _ in })
        let start = Date()
        guard let reader = try? MMDBReader(bytes: bytes) else { return XCTFail() }
        let resolver = GeoIPResolver(cityDatabase: reader, asnDatabase: nil)
        XCTAssertThrowsError(try resolver.lookup(IPAddress(ipv4: 0x0102_0304))) { error in
            guard case MMDBError.sizeLimitExceeded? = error as? MMDBError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try reader.lookup(IPAddress(ipv4: 0x0102_0304)))
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testRepeatedKeysPointingAtAValueThatIsExpensiveToSkip() {
        // offset 0: map { "iso_code": array of 200,000 booleans } — a wanted key of the wrong type, which the
        // GeoIP decoder skips. The record repeats "country" → pointer(0) 50,000 times: without charging
        // skipped values to the budget that is 10 billion steps.
        var data = DataSectionWriter.control(7, 1) + DataSectionWriter.encode("iso_code") + DataSectionWriter.control(11, 200_000)
        data += [UInt8](repeating: 0, count: 200_000).flatMap { _ in DataSectionWriter.control(14, 1) }
        let recordOffset = data.count
        data += DataSectionWriter.control(7, 50_000)
        for _ in 0..<50_000 { data += DataSectionWriter.encode("country") + DataSectionWriter.pointer(to: 0) }
        let tree = MMDBTestWriter.node(left: 1 + 16 + recordOffset, right: 1, recordSize: 24)
        let bytes = MMDBTestWriter.file(tree: tree, data: data, metadata: metadata { _ in })
        let start = Date()
        guard let reader = try? MMDBReader(bytes: bytes) else { return XCTFail() }
        let resolver = GeoIPResolver(cityDatabase: reader, asnDatabase: nil)
        XCTAssertThrowsError(try resolver.lookup(IPAddress(ipv4: 0x0102_0304))) { error in
            guard case MMDBError.sizeLimitExceeded? = error as? MMDBError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try reader.lookup(IPAddress(ipv4: 0x0102_0304)))
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testHugeSizes() {
        // A map, an array, a string and bytes each claiming 16 million entries or bytes in a tiny section.
        for control: [UInt8] in [[0xFF, 0xFF, 0xFF, 0xFF], [0x1F, 0x04, 0xFF, 0xFF, 0xFF],
                                 [0x5F, 0xFF, 0xFF, 0xFF], [0x9F, 0xFF, 0xFF, 0xFF]] {
            let bytes = singleRecordFile(data: control + [0x41, 0x61, 0x41, 0x62])
            switch lookupError(bytes) {
            case .sizeLimitExceeded?, .invalidData?: break
            case let other: XCTFail("\(control): \(String(describing: other))")
            }
            XCTAssertTrue(exercise(bytes))
        }
    }

    func testBadScalarSizesAndTypes() {
        let cases: [[UInt8]] = [
            [0x67] + [UInt8](repeating: 0, count: 7),           // double of size 7
            [0x03, 0x08, 0, 0, 0],                             // float of size 3
            [0xA5, 1, 2, 3, 4, 5],                             // uint16 of size 5
            [0xC5, 1, 2, 3, 4, 5],                             // uint32 of size 5
            [0x09, 0x02] + [UInt8](repeating: 1, count: 9),    // uint64 of size 9
            [0x11, 0x03] + [UInt8](repeating: 1, count: 17),   // uint128 of size 17
            [0x02, 0x07],                                      // boolean of size 2
            [0x00, 0x05],                                      // data cache container
            [0x00, 0x06],                                      // end marker
            [0x00, 0x09],                                      // extended type 16
            [0x00, 0x00],                                      // extended type byte 0
            [0x00],                                            // extended type byte missing
            [0xE1, 0xC1, 0x01, 0x41, 0x61],                    // map key that is not a string
        ]
        for data in cases {
            XCTAssertNotNil(lookupError(singleRecordFile(data: data)), "\(data)")
            exercise(singleRecordFile(data: data))
        }
    }

    // MARK: Systematic damage

    func testEveryTruncation() {
        for recordSize in [24, 28, 32] {
            let bytes = Fixtures.cityDatabase(recordSize: recordSize)
            var opened = 0
            for length in 0..<bytes.count where exercise(Array(bytes.prefix(length))) { opened += 1 }
            // Only cuts inside the metadata's trailing bytes could still parse; the rest must fail to open.
            XCTAssertLessThan(opened, 10, "record size \(recordSize)")
        }
    }

    /// Removing the bytes between a cut and the metadata keeps a valid marker and metadata in front of a
    /// truncated tree or data section: this reaches the lookup paths, not just the metadata check.
    func testEveryTruncationOfTreeAndData() throws {
        for recordSize in [24, 28, 32] {
            let bytes = Fixtures.cityDatabase(recordSize: recordSize)
            guard let marker = bytes.withUnsafeBytes({ MMDBMetadata.markerOffset(in: $0) }) else { return XCTFail() }
            let tail = Array(bytes[marker...])
            for cut in 0..<marker { exercise(Array(bytes.prefix(cut)) + tail) }
        }
    }

    func testRandomMutations() {
        var rng = SplitMix64(seed: 0x4D49_5453_55)
        let originals = [24, 28, 32].map { Fixtures.cityDatabase(recordSize: $0) }
            + [Fixtures.cityDatabase(recordSize: 24, ipVersion: 4)]
        var opened = 0
        for round in 0..<2_000 {
            var bytes = originals[round % originals.count]
            let mutations = Int.random(in: 1...8, using: &rng)
            for _ in 0..<mutations {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                case 2: bytes[at] = [0x00, 0xFF, 0x20, 0x38, 0xE0, 0xFF][Int.random(in: 0..<6, using: &rng)]
                default:
                    if bytes.count > 1 { bytes.remove(at: at) }
                }
            }
            if exercise(bytes) { opened += 1 }
        }
        // Most mutations leave the metadata intact, so the lookup paths were exercised.
        XCTAssertGreaterThan(opened, 1_000)
    }

    /// Writes the seed corpus of the libFuzzer target (Fuzz/MMDBReaderFuzz.swift) when
    /// MITSU_FUZZ_SEED_DIR is set: small valid databases of every record size, family and layout.
    func testWriteFuzzSeeds() throws {
        guard let dir = ProcessInfo.processInfo.environment["MITSU_FUZZ_SEED_DIR"], !dir.isEmpty else {
            throw XCTSkip("set MITSU_FUZZ_SEED_DIR to write the fuzz seed corpus")
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var seeds: [String: [UInt8]] = [:]
        for recordSize in [24, 28, 32] {
            for ipVersion in [4, 6] {
                seeds["city-\(recordSize)-v\(ipVersion)"] = Fixtures.cityDatabase(recordSize: recordSize, ipVersion: ipVersion)
            }
        }
        let plain = MMDBTestWriter(recordSize: 24, ipVersion: 6)
        plain.usePointers = false
        plain.insert("81.2.69.0/24", Fixtures.berlin)
        plain.insert("2001:4860::/32", Fixtures.asn(15169, "GOOGLE"))
        seeds["no-pointers"] = plain.build()
        let ipinfo = MMDBTestWriter(recordSize: 24, ipVersion: 6)
        ipinfo.insert("8.8.8.0/24", Fixtures.ipinfo(country: "US", countryName: "United States", continent: "NA",
                                                    asn: "AS15169", asName: "Google LLC"))
        ipinfo.insert("2a00:1450::/32", Fixtures.ipinfo(country: "IE", countryName: "Ireland", continent: "EU",
                                                        asn: "AS15169", asName: "Google LLC"))
        seeds["ipinfo-lite"] = ipinfo.build()
        let asn = MMDBTestWriter(recordSize: 28, ipVersion: 4)
        asn.insert("8.8.8.0/24", Fixtures.asn(15169, "GOOGLE"))
        asn.insert("1.0.0.0/8", Fixtures.asn(13335, "CLOUDFLARENET"))
        seeds["asn-v4"] = asn.build()
        let types = MMDBTestWriter(recordSize: 32, ipVersion: 4)
        types.insert("0.0.0.0/1", .map([
            "s": .string("x"), "d": .double(1.5), "f": .float(2.5), "b": .bytes([1, 2]), "u16": .uint16(7),
            "u32": .uint32(70_000), "u64": .uint64(1 << 40), "u128": .uint128(high: 1, low: 2), "i32": .int32(-5),
            "t": .bool(true), "a": .array([.string("x"), .map(["k": .string("x")])]),
        ]))
        seeds["all-types"] = types.build()
        for (name, bytes) in seeds {
            XCTAssertLessThanOrEqual(bytes.count, 4096, name)
            try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent("\(name).mmdb"))
        }
    }

    func testRandomBytesBehindValidMetadata() {
        var rng = SplitMix64(seed: 42)
        for round in 0..<500 {
            let nodes = Int.random(in: 1...64, using: &rng)
            let recordSize = [24, 28, 32][round % 3]
            let treeAndData = (0..<(nodes * recordSize / 4 + 16 + Int.random(in: 0...256, using: &rng))).map { _ in
                UInt8.random(in: 0...255, using: &rng)
            }
            let meta = MMDBTestWriter(recordSize: recordSize, ipVersion: round % 2 == 0 ? 4 : 6).metadata(nodeCount: nodes)
            var metaWriter = DataSectionWriter(usePointers: false)
            metaWriter.write(meta)
            XCTAssertTrue(exercise(treeAndData + MMDBMetadata.marker + metaWriter.bytes))
        }
    }
}

private extension DataSectionWriter {
    static func encode(_ key: String) -> [UInt8] {
        let utf8 = Array(key.utf8)
        return control(2, utf8.count) + utf8
    }
}
