@testable import MitsuEnrich

/// Records in the layouts of the databases Mitsu supports.
enum Fixtures {
    static func names(_ en: String, de: String? = nil) -> MMDBValue {
        var names: [String: MMDBValue] = ["en": .string(en)]
        if let de { names["de"] = .string(de) }
        return .map(names)
    }

    /// GeoLite2-City / DB-IP City Lite layout.
    static func city(country: String, countryName: String, continent: String, city: String? = nil,
                     latitude: Double, longitude: Double) -> MMDBValue {
        var record: [String: MMDBValue] = [
            "continent": .map(["code": .string(continent), "geoname_id": .uint32(6_255_148),
                               "names": names(continent == "EU" ? "Europe" : "North America")]),
            "country": .map(["iso_code": .string(country), "geoname_id": .uint32(2_921_044),
                             "names": names(countryName, de: countryName + "-de")]),
            "registered_country": .map(["iso_code": .string(country), "names": names(countryName)]),
            "location": .map(["latitude": .double(latitude), "longitude": .double(longitude),
                              "accuracy_radius": .uint16(100), "time_zone": .string("Europe/Berlin")]),
            "subdivisions": .array([.map(["iso_code": .string("BE"), "names": names("Berlin")])]),
        ]
        if let city { record["city"] = .map(["geoname_id": .uint32(2_950_159), "names": names(city, de: city)]) }
        return .map(record)
    }

    /// GeoLite2-ASN / DB-IP ASN Lite layout.
    static func asn(_ number: UInt32, _ organization: String) -> MMDBValue {
        .map(["autonomous_system_number": .uint32(number), "autonomous_system_organization": .string(organization)])
    }

    /// IPinfo Lite layout.
    static func ipinfo(country: String, countryName: String, continent: String, asn: String, asName: String) -> MMDBValue {
        .map([
            "country_code": .string(country), "country": .string(countryName),
            "continent_code": .string(continent), "continent": .string("Europe"),
            "asn": .string(asn), "as_name": .string(asName), "as_domain": .string("example.net"),
        ])
    }

    static let berlin = city(country: "DE", countryName: "Germany", continent: "EU", city: "Berlin",
                             latitude: 52.5196, longitude: 13.4069)
    static let germany = city(country: "DE", countryName: "Germany", continent: "EU",
                              latitude: 51.2993, longitude: 9.491)
    static let mountainView = city(country: "US", countryName: "United States", continent: "NA",
                                   city: "Mountain View", latitude: 37.4192, longitude: -122.0574)
    static let v6Record = city(country: "JP", countryName: "Japan", continent: "AS", city: "Tokyo",
                               latitude: 35.6895, longitude: 139.6917)

    /// A small database with nested networks in both families.
    static func cityDatabase(recordSize: Int = 28, ipVersion: Int = 6, usePointers: Bool = true) -> [UInt8] {
        let w = MMDBTestWriter(recordSize: recordSize, ipVersion: ipVersion)
        w.usePointers = usePointers
        w.insert("81.0.0.0/8", germany)
        w.insert("81.2.69.0/24", berlin)
        w.insert("8.8.8.0/24", mountainView)
        w.insert("1.1.1.1/32", mountainView)
        if ipVersion == 6 {
            w.insert("2001:4860::/32", mountainView)
            w.insert("2400:8500::/32", v6Record)
        }
        return w.build()
    }
}
