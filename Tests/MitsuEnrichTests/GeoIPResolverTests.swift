import Foundation
import MitsuCore
import XCTest
@testable import MitsuEnrich

final class GeoIPResolverTests: XCTestCase {
    private func resolver(city: [UInt8]?, asn: [UInt8]? = nil) throws -> GeoIPResolver {
        GeoIPResolver(cityDatabase: try city.map { try MMDBReader(bytes: $0) },
                      asnDatabase: try asn.map { try MMDBReader(bytes: $0) })
    }

    private var asnDatabase: [UInt8] {
        let w = MMDBTestWriter(recordSize: 24, ipVersion: 6)
        w.databaseType = "GeoLite2-ASN"
        w.insert("8.8.8.0/24", Fixtures.asn(15169, "GOOGLE"))
        w.insert("81.2.0.0/16", Fixtures.asn(20712, "Andrews & Arnold Ltd"))
        w.insert("2001:4860::/32", Fixtures.asn(15169, "GOOGLE"))
        return w.build()
    }

    func testGeoLite2CityLayout() throws {
        for recordSize in [24, 28, 32] {
            let r = try resolver(city: Fixtures.cityDatabase(recordSize: recordSize))
            XCTAssertEqual(r.resolve("81.2.69.160"), GeoIPInfo(
                countryCode2: "DE", countryName: "Germany", continentCode: "EU", cityName: "Berlin",
                latitude: 52.5196, longitude: 13.4069))
            XCTAssertEqual(r.resolve("81.9.9.9"), GeoIPInfo(
                countryCode2: "DE", countryName: "Germany", continentCode: "EU", latitude: 51.2993, longitude: 9.491))
            XCTAssertEqual(r.resolve("2001:4860:4860::8888")?.cityName, "Mountain View")
            XCTAssertEqual(r.resolve("::ffff:8.8.8.8")?.countryCode2, "US")
            XCTAssertNil(r.resolve("9.9.9.9"))
            XCTAssertNil(r.resolve("2a00::1"))
        }
    }

    func testCachedAnswersEqualFreshOnes() throws {
        let r = try resolver(city: Fixtures.cityDatabase())
        let first = r.resolve("81.2.69.160")
        for _ in 0..<10 { XCTAssertEqual(r.resolve("81.2.69.160"), first) }
        XCTAssertEqual(r.resolve("8.8.8.8"), r.resolve("1.1.1.1"))
        // A tiny cache (one set per stripe) must still answer correctly when records evict each other.
        let tiny = GeoIPResolver(cityDatabase: try MMDBReader(bytes: Fixtures.cityDatabase()), asnDatabase: nil, cacheCapacity: 1)
        for _ in 0..<3 {
            for address in ["81.2.69.160", "81.9.9.9", "8.8.8.8", "2400:8500::1"] {
                XCTAssertEqual(tiny.resolve(address), r.resolve(address), address)
            }
        }
    }

    /// The cache's slots are allocated per stripe on first insert (an idle collector keeps ~5 MiB less),
    /// and a stripe without slots is a clean miss.
    func testRecordCacheAllocatesStripesOnFirstInsert() {
        let cache = GeoIPRecordCache(capacity: 32_768)
        XCTAssertEqual(cache.allocatedStripeCount, 0)
        var hit = true
        XCTAssertNil(cache.value(for: 1234, hit: &hit))
        XCTAssertFalse(hit)
        cache.insert(GeoIPInfo(label: "private"), for: 1234)
        XCTAssertEqual(cache.allocatedStripeCount, 1)
        XCTAssertEqual(cache.value(for: 1234, hit: &hit), GeoIPInfo(label: "private"))
        XCTAssertTrue(hit)
        XCTAssertNil(cache.value(for: 99, hit: &hit))
        XCTAssertFalse(hit)
    }

    func testSeparateASNDatabaseIsMerged() throws {
        let r = try resolver(city: Fixtures.cityDatabase(), asn: asnDatabase)
        let info = r.resolve("8.8.8.8")
        XCTAssertEqual(info?.countryCode2, "US")
        XCTAssertEqual(info?.asn, 15169)
        XCTAssertEqual(info?.asOrg, "GOOGLE")
        XCTAssertEqual(r.resolve("81.2.69.160")?.asOrg, "Andrews & Arnold Ltd")
        XCTAssertEqual(r.resolve("81.2.69.160")?.cityName, "Berlin")
        XCTAssertNil(r.resolve("81.9.9.9")?.asn)
        XCTAssertEqual(r.resolve("2001:4860::1")?.asn, 15169)
        // ASN database alone.
        let asnOnly = try resolver(city: nil, asn: asnDatabase)
        XCTAssertEqual(asnOnly.resolve("8.8.4.4"), nil)
        XCTAssertEqual(asnOnly.resolve("8.8.8.1"), GeoIPInfo(asn: 15169, asOrg: "GOOGLE"))
    }

    func testCityDatabaseCarryingASNFields() throws {
        let w = MMDBTestWriter(recordSize: 28, ipVersion: 6)
        guard case .map(var record) = Fixtures.berlin else { return XCTFail() }
        record["autonomous_system_number"] = .uint32(3320)
        record["autonomous_system_organization"] = .string("Deutsche Telekom AG")
        w.insert("80.128.0.0/11", .map(record))
        let r = try resolver(city: w.build())
        let info = r.resolve("80.130.1.1")
        XCTAssertEqual(info?.cityName, "Berlin")
        XCTAssertEqual(info?.asn, 3320)
        XCTAssertEqual(info?.asOrg, "Deutsche Telekom AG")
        // A separate ASN database that knows the address wins; one that does not leaves the city's fields.
        let withASN = try resolver(city: w.build(), asn: asnDatabase)
        XCTAssertEqual(withASN.resolve("80.130.1.1")?.asn, 3320)
    }

    func testIPinfoLiteLayout() throws {
        let w = MMDBTestWriter(recordSize: 32, ipVersion: 6)
        w.databaseType = "ipinfo lite"
        w.insert("8.8.8.0/24", Fixtures.ipinfo(country: "US", countryName: "United States", continent: "NA",
                                                asn: "AS15169", asName: "Google LLC"))
        w.insert("2a00:1450::/32", Fixtures.ipinfo(country: "IE", countryName: "Ireland", continent: "EU",
                                                   asn: "as15169", asName: "Google LLC"))
        w.insert("9.0.0.0/8", Fixtures.ipinfo(country: "US", countryName: "United States", continent: "NA",
                                               asn: "ASX", asName: "Broken"))
        let r = try resolver(city: w.build())
        XCTAssertEqual(r.resolve("8.8.8.8"), GeoIPInfo(countryCode2: "US", countryName: "United States",
                                                       continentCode: "NA", asn: 15169, asOrg: "Google LLC"))
        XCTAssertEqual(r.resolve("2a00:1450:4001::1")?.countryCode2, "IE")
        XCTAssertEqual(r.resolve("2a00:1450:4001::1")?.asn, 15169)
        XCTAssertNil(r.resolve("9.1.1.1")?.asn)
        XCTAssertEqual(r.resolve("9.1.1.1")?.asOrg, "Broken")
    }

    func testUnexpectedValueTypesAreSkipped() throws {
        let w = MMDBTestWriter(recordSize: 24, ipVersion: 4)
        w.insert("5.0.0.0/8", .map([
            "country": .map(["iso_code": .uint32(7), "names": .array([.string("en")])]),
            "continent": .string("Europe"),
            "city": .map(["names": .map(["en": .double(1)])]),
            "location": .map(["latitude": .string("north"), "longitude": .float(2.5)]),
            "autonomous_system_number": .string("many"),
            "traits": .map(["is_anycast": .bool(true)]),
        ]))
        let r = try resolver(city: w.build())
        XCTAssertEqual(r.resolve("5.5.5.5"), GeoIPInfo(longitude: 2.5))
    }

    func testSpecialAddressesAreLabelledNotLookedUp() throws {
        let r = try resolver(city: Fixtures.cityDatabase())
        let none = GeoIPResolver(cityDatabase: nil, asnDatabase: nil)
        let cases = [
            "10.1.2.3": "private", "172.16.0.1": "private", "192.168.1.1": "private", "fd00::1": "private",
            "127.0.0.1": "loopback", "::1": "loopback", "::ffff:127.0.0.1": "loopback",
            "169.254.1.1": "link-local", "fe80::1%eth0": "link-local",
            "100.64.0.1": "shared", "224.0.0.1": "multicast", "ff02::1": "multicast",
            "0.0.0.0": "unspecified", "::": "unspecified",
            "192.0.2.1": "documentation", "2001:db8::1": "documentation", "240.0.0.1": "reserved",
            "255.255.255.255": "broadcast",
        ]
        for (address, label) in cases {
            XCTAssertEqual(r.resolve(address), GeoIPInfo(label: label), address)
            XCTAssertEqual(none.resolve(address), GeoIPInfo(label: label), address)
        }
        XCTAssertNil(none.resolve("8.8.8.8"))
    }

    func testNotAnAddress() throws {
        let r = try resolver(city: Fixtures.cityDatabase())
        for text in ["", "8.8.8", "8.8.8.8.8", "example.com", "1.2.3.4 ", "::g", String(repeating: "1", count: 10_000)] {
            XCTAssertNil(r.resolve(text), text)
        }
    }

    func testConfigurationOpensFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mitsu-geoip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cityPath = dir.appendingPathComponent("city.mmdb").path
        let asnPath = dir.appendingPathComponent("asn.mmdb").path
        try Data(Fixtures.cityDatabase()).write(to: URL(fileURLWithPath: cityPath))
        try Data(asnDatabase).write(to: URL(fileURLWithPath: asnPath))
        let r = try GeoIPResolver(configuration: .init(cityDatabasePath: cityPath, asnDatabasePath: asnPath))
        XCTAssertEqual(r.resolve("8.8.8.8")?.asn, 15169)
        XCTAssertEqual(r.cityDatabase?.metadata.databaseType, "Mitsu-Test")
        XCTAssertThrowsError(try GeoIPResolver(configuration: .init(cityDatabasePath: dir.path + "/missing.mmdb")))
        XCTAssertNil(try GeoIPResolver(configuration: .init()).resolve("8.8.8.8"))
    }

    func testConcurrentResolution() throws {
        let r = try resolver(city: Fixtures.cityDatabase(), asn: asnDatabase)
        let expected = ["81.2.69.160", "8.8.8.8", "81.9.9.9", "2001:4860::1"].map { ($0, r.resolve($0)) }
        let failures = UnsafeSendableCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for n in 0..<5_000 {
                let (address, answer) = expected[(n + i) % expected.count]
                if r.resolve(address) != answer { failures.increment() }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}
