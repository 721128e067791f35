import ArgumentParser
import Foundation
import MitsuCore
import MitsuEnrich
import MitsuRuntime

struct GeoIP: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "geoip", abstract: "GeoIP/ASN databases.", subcommands: [Lookup.self])

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the geoip object an event from IP would carry.")

        @Argument(help: "An IPv4 or IPv6 address.")
        var ip: String

        @OptionGroup var options: CommonOptions

        @Option(name: .long, help: "City/Country mmdb (overrides the configuration).")
        var db: String?

        @Option(name: .customLong("asn-db"), help: "ASN mmdb (overrides the configuration).")
        var asnDB: String?

        func run() throws {
            guard IPText.isValid(ip) else { throw ValidationError("'\(ip)' is not an IPv4 or IPv6 address") }
            let config = try options.loadConfig()
            var city = db ?? (config.geoip.cityDB.isEmpty ? nil : config.geoip.cityDB)
            if city == nil, FileManager.default.fileExists(atPath: options.paths.defaultGeoIPPath) { city = options.paths.defaultGeoIPPath }
            let asn = asnDB ?? (config.geoip.asnDB.isEmpty ? nil : config.geoip.asnDB)
            let resolver = try GeoIPResolver(configuration: .init(cityDatabasePath: city, asnDatabasePath: asn))
            guard let info = try resolver.lookup(IPAddress(ip) ?? IPAddress(ipv4: 0)) ?? resolver.resolve(ip) else {
                print("{}")
                return
            }
            var e = Event(kind: .payload, honeypot: "")
            e.geoip = info
            // Print just the geoip object, in the same encoding events use.
            let line = EventCodec.encodeString(e)
            if let r = line.range(of: "\"geoip\":") {
                var obj = String(line[r.upperBound...])
                obj.removeLast()
                print(obj)
            }
        }
    }
}
