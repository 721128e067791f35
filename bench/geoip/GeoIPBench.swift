import Foundation

/// Lookups per second of `GeoIPResolver.resolve(_: String)` on a real City database, as the collector
/// calls it once per event. Built without SwiftPM by `bench/geoip/run.sh` (see there).
///
/// Usage: geoip-bench [DB] [--count N] [--seconds S]
/// DB defaults to $MITSU_GEOIP_DB, then data/geoip/GeoLite2-City.mmdb.
@main
struct GeoIPBench {
    static func main() {
        do {
            try run()
        } catch {
            FileHandle.standardError.write(Data("geoip-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        var passSize = 1_000_000
        var seconds = 3.0
        if let i = args.firstIndex(of: "--count"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 {
            passSize = n
            args.removeSubrange(i...(i + 1))
        }
        if let i = args.firstIndex(of: "--seconds"), i + 1 < args.count, let s = Double(args[i + 1]) {
            seconds = s
            args.removeSubrange(i...(i + 1))
        }
        let count = passSize // addresses per pass
        let path = args.first ?? ProcessInfo.processInfo.environment["MITSU_GEOIP_DB"] ?? "data/geoip/GeoLite2-City.mmdb"
        let openStart = Date()
        let reader = try MMDBReader(path: path)
        let openTime = Date().timeIntervalSince(openStart)
        print("database: \(path)")
        print("  \(reader.metadata.databaseType), \(reader.metadata.nodeCount) nodes, record size \(reader.metadata.recordSize), built \(reader.metadata.buildDate)")
        print("  opened in \(String(format: "%.2f", openTime * 1000)) ms")

        // Uniformly random public IPv4 addresses: the worst case for the record cache (real attack traffic
        // repeats sources and clusters in a few networks).
        var rng = BenchRNG(seed: 1)
        var addresses: [IPAddress] = []
        addresses.reserveCapacity(count)
        while addresses.count < count {
            let ip = IPAddress(ipv4: UInt32(truncatingIfNeeded: rng.next()))
            if AddressClassifier.isPublic(ip) { addresses.append(ip) }
        }
        let texts = addresses.map(\.description)
        print("  \(count) random public IPv4 addresses, \(seconds) s per measurement, \(ProcessInfo.processInfo.activeProcessorCount) cores")

        /// Runs `body` (one pass over `perPass` addresses, returning how many were found) on `threads`
        /// threads for `seconds`. Reports wall-clock throughput and, because this machine is shared, the
        /// throughput per CPU-second actually spent (thread CPU time), which other load disturbs less.
        func measure(_ name: String, threads: Int = 1, perPass: Int = count, _ body: @escaping @Sendable (Int) -> Int) {
            _ = body(0) // warms the page cache and the record cache
            let start = Date()
            let done = Counter()
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let cpuStart = threadCPUTime()
                var n = 0
                var found = 0
                while Date().timeIntervalSince(start) < seconds {
                    found &+= body(t &+ n)
                    n += 1
                }
                done.add(n, found, threadCPUTime() - cpuStart)
            }
            let elapsed = Date().timeIntervalSince(start)
            let (passes, found, cpu) = done.value
            let lookups = Double(passes) * Double(perPass)
            let label = name.padding(toLength: 44, withPad: " ", startingAt: 0)
            print(label + String(format: "%10.0f lookups/s wall  %10.0f per CPU-s  (%d thread%@, %.1f%% found)",
                                 lookups / elapsed, lookups / cpu, threads, threads == 1 ? "" : "s",
                                 Double(found) / lookups * 100))
        }

        let resolver = GeoIPResolver(cityDatabase: reader, asnDatabase: nil)
        measure("resolve(String) [GeoIPInfo, cached]") { _ in
            var found = 0
            for text in texts where resolver.resolve(text) != nil { found += 1 }
            return found
        }
        measure("resolve(IPAddress) [GeoIPInfo, cached]") { _ in
            var found = 0
            for ip in addresses where resolver.resolve(ip) != nil { found += 1 }
            return found
        }
        measure("resolve(String), 2 threads", threads: 2) { t in
            var found = 0
            // Each thread starts at a different point so they do not walk in lock-step.
            let shift = (t % 2) * (count / 2)
            for i in 0..<count where resolver.resolve(texts[(i + shift) % count]) != nil { found += 1 }
            return found
        }
        // Attack traffic repeats: 20,000 distinct sources, each seen 50 times in a pass, in random order.
        let repeated = (0..<count).map { i in texts[Int(BenchRNG(seed: UInt64(i)).hashValue % 20_000)] }
        measure("resolve(String), 20,000 distinct sources") { _ in
            var found = 0
            for text in repeated where resolver.resolve(text) != nil { found += 1 }
            return found
        }
        measure("recordOffset(for:) [tree walk only]") { _ in
            var found = 0
            for ip in addresses where (try? reader.recordOffset(for: ip)) != nil { found += 1 }
            return found
        }
        let uncached = GeoIPResolver(cityDatabase: reader, asnDatabase: nil, cacheCapacity: 1)
        measure("resolve(IPAddress), cache of 16 slots") { _ in
            var found = 0
            for ip in addresses where uncached.resolve(ip) != nil { found += 1 }
            return found
        }
        let fullCount = min(count, 100_000)
        measure("lookup(_:) [full MMDBValue decode]", perPass: fullCount) { _ in
            var found = 0
            for ip in addresses.prefix(fullCount) where (try? reader.lookup(ip)) != nil { found += 1 }
            return found
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var passes = 0
    private var found = 0
    private var cpu = 0.0
    func add(_ n: Int, _ f: Int, _ seconds: Double) { lock.lock(); passes += n; found += f; cpu += seconds; lock.unlock() }
    var value: (Int, Int, Double) { lock.lock(); defer { lock.unlock() }; return (passes, found, cpu) }
}

func threadCPUTime() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

struct BenchRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    /// One draw from a fresh generator: a stateless hash of the seed.
    var hashValue: Int {
        var copy = self
        return Int(truncatingIfNeeded: copy.next() >> 1)
    }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
