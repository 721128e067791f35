import Foundation
import MitsuCore
import XCTest
@testable import MitsuEnrich

/// Checks against a real GeoLite2-City database, and against MaxMind's own Python reader, when both are
/// available: `MITSU_TEST_GEOIP_DB=/path/GeoLite2-City.mmdb`, or `data/geoip/GeoLite2-City.mmdb` under
/// the package root (what `make run` downloads). Skipped otherwise.
final class RealDatabaseTests: XCTestCase {
    private func databasePath() throws -> String {
        if let path = ProcessInfo.processInfo.environment["MITSU_TEST_GEOIP_DB"], !path.isEmpty {
            return path
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                let path = dir.appendingPathComponent("data/geoip/GeoLite2-City.mmdb").path
                if FileManager.default.fileExists(atPath: path) { return path }
                break
            }
            dir = dir.deletingLastPathComponent()
        }
        throw XCTSkip("no GeoLite2-City database (set MITSU_TEST_GEOIP_DB or add data/geoip/GeoLite2-City.mmdb)")
    }

    func testKnownAddresses() throws {
        let path = try databasePath()
        let reader = try MMDBReader(path: path)
        XCTAssertEqual(reader.metadata.ipVersion, 6)
        XCTAssertTrue(reader.metadata.databaseType.contains("City"), reader.metadata.databaseType)
        XCTAssertTrue(reader.metadata.languages.contains("en"))
        let resolver = GeoIPResolver(cityDatabase: reader, asnDatabase: nil)
        XCTAssertEqual(resolver.resolve("8.8.8.8")?.countryCode2, "US")
        XCTAssertEqual(resolver.resolve("8.8.8.8")?.continentCode, "NA")
        XCTAssertEqual(resolver.resolve("2001:4860:4860::8888")?.countryCode2, "US")
        XCTAssertEqual(resolver.resolve("::ffff:8.8.8.8"), resolver.resolve("8.8.8.8"))
        XCTAssertEqual(resolver.resolve("192.168.1.1"), GeoIPInfo(label: "private"))
        XCTAssertEqual(try reader.lookup(IPAddress(ipv4: 0x0808_0808))?[path: "country", "iso_code"], .string("US"))
    }

    /// Opening builds the IPv4 jump table by walking ~20 MB of the tree; those pages must not stay mapped
    /// (they were the largest part of the idle collector's RSS), and lookups must still work after.
    func testOpeningLeavesTheMappingMostlyUnmapped() throws {
        let path = try databasePath()
        #if os(Linux)
        let reader = try MMDBReader(path: path)
        let resident = try XCTUnwrap(Self.residentKiB(ofMapping: path))
        XCTAssertLessThan(resident, 1024, "KiB of \(path) still mapped after open")
        XCTAssertEqual(try reader.lookup(IPAddress(ipv4: 0x0808_0808))?[path: "country", "iso_code"], .string("US"))
        #else
        throw XCTSkip("reads /proc/self/smaps")
        #endif
    }

    /// Sum of `Rss:` over this process's mappings of `path`, from /proc/self/smaps.
    private static func residentKiB(ofMapping path: String) throws -> Int? {
        // /proc files report size 0, so read to end of file rather than by size.
        let handle = try XCTUnwrap(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        let smaps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var inMapping = false
        var total: Int?
        for line in smaps.split(separator: "\n") {
            if let first = line.first, first.isHexDigit, line.contains("-") {
                inMapping = line.hasSuffix(" " + real)
            } else if inMapping, line.hasPrefix("Rss:") {
                total = (total ?? 0) + (Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0)
            }
        }
        return total
    }

    /// Random public addresses, compared field by field and as whole records with the `maxminddb` module.
    func testAgreesWithMaxMindPythonReader() throws {
        let path = try databasePath()
        guard pythonHasMaxMindDB() else { throw XCTSkip("python3 with the maxminddb module is not available") }
        let reader = try MMDBReader(path: path)
        let resolver = GeoIPResolver(cityDatabase: reader, asnDatabase: nil)

        var rng = SplitMix64(seed: 20_240_601)
        var addresses: [IPAddress] = []
        while addresses.count < 1_000 {
            let ip = IPAddress(ipv4: UInt32.random(in: 0...UInt32.max, using: &rng))
            if AddressClassifier.isPublic(ip) { addresses.append(ip) }
        }
        while addresses.count < 1_200 {
            // 2000::/4, where almost all allocated IPv6 space lies, biased to the first /16s so most are found.
            let high = 0x2000_0000_0000_0000 | (UInt64.random(in: 0...0x0FFF, using: &rng) << 48)
                | UInt64.random(in: 0...0xFFFF_FFFF_FFFF, using: &rng)
            let ip = IPAddress(high: high, low: rng.next())
            if AddressClassifier.isPublic(ip) { addresses.append(ip) }
        }

        let expected = try runPython(path: path, addresses: addresses.map(\.description))
        XCTAssertEqual(expected.count, addresses.count)
        var found = 0
        for (ip, line) in zip(addresses, expected) {
            let record = try reader.lookup(ip)
            let info = resolver.resolve(ip)
            if line == "null" {
                XCTAssertNil(record, "\(ip)")
                XCTAssertNil(info, "\(ip)")
                continue
            }
            found += 1
            guard let record,
                  let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let fields = object["fields"] as? [Any], fields.count == 6 else {
                XCTFail("\(ip): Swift record \(String(describing: record)), Python \(line.prefix(200))")
                continue
            }
            XCTAssertEqual(canonicalJSON(record), object["record"] as? String, "\(ip)")
            func text(_ i: Int) -> String? { fields[i] as? String }
            XCTAssertEqual(info?.countryCode2, text(0), "\(ip)")
            XCTAssertEqual(info?.countryName, text(1), "\(ip)")
            XCTAssertEqual(info?.continentCode, text(2), "\(ip)")
            XCTAssertEqual(info?.cityName, text(3), "\(ip)")
            XCTAssertEqual(info?.latitude, text(4).flatMap(Double.init), "\(ip)")
            XCTAssertEqual(info?.longitude, text(5).flatMap(Double.init), "\(ip)")
        }
        XCTAssertGreaterThan(found, 500)
    }

    // MARK: Python side

    private static let pythonScript = """
    import json, sys, maxminddb
    reader = maxminddb.open_database(sys.argv[1])
    def get(record, *keys):
        for key in keys:
            if not isinstance(record, dict):
                return None
            record = record.get(key)
        return record
    for line in open(sys.argv[2]):
        record = reader.get(line.strip())
        if record is None:
            print("null")
            continue
        lat, lon = get(record, "location", "latitude"), get(record, "location", "longitude")
        fields = [get(record, "country", "iso_code"), get(record, "country", "names", "en"),
                  get(record, "continent", "code"), get(record, "city", "names", "en"),
                  None if lat is None else repr(lat), None if lon is None else repr(lon)]
        canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        print(json.dumps({"fields": fields, "record": canonical}))
    """

    private func pythonHasMaxMindDB() -> Bool {
        (try? python(["-c", "import maxminddb"]).status) == 0
    }

    private func runPython(path: String, addresses: [String]) throws -> [String] {
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("mitsu-ips-\(UUID().uuidString).txt")
        try addresses.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: list) }
        let (status, output) = try python(["-c", RealDatabaseTests.pythonScript, path, list.path])
        guard status == 0 else { throw XCTSkip("python3 maxminddb reader failed with status \(status)") }
        return output.split(separator: "\n").map(String.init)
    }

    private func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The record as Python's `json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))`
    /// writes it (floats in shortest round-trip form, which `repr` and Swift share for these magnitudes).
    private func canonicalJSON(_ value: MMDBValue) -> String {
        switch value {
        case .string(let s): return quoted(s)
        case .double(let d): return "\(d)"
        case .float(let f): return "\(Double(f))"
        case .bytes(let b): return "\(b)"
        case .uint16(let v): return "\(v)"
        case .uint32(let v): return "\(v)"
        case .uint64(let v): return "\(v)"
        case .uint128(let high, let low): return high == 0 ? "\(low)" : "uint128(\(high),\(low))"
        case .int32(let v): return "\(v)"
        case .bool(let b): return b ? "true" : "false"
        case .array(let elements): return "[" + elements.map(canonicalJSON).joined(separator: ",") + "]"
        case .map(let entries):
            let keys = entries.keys.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
            return "{" + keys.map { quoted($0) + ":" + canonicalJSON(entries[$0] ?? .bool(false)) }.joined(separator: ",") + "}"
        }
    }

    private func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
