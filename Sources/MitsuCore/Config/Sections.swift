import Foundation
import Yams

public struct SensorConfig: Sendable, Equatable {
    /// Written into every event's `sensor` field. Defaults to the host name.
    public var name: String = ProcessInfo.processInfo.hostName
    /// Workers started as root switch to this user after binding their ports.
    public var user: String = "nobody"

    mutating func apply(_ n: inout ConfigNode) throws {
        if let v = try n.string("name") {
            guard !v.isEmpty, v.utf8.count <= 253 else { throw n.error("name", "must be 1-253 characters") }
            name = v
        }
        if let v = try n.string("user") {
            guard !v.isEmpty else { throw n.error("user", "must not be empty") }
            user = v
        }
        try n.finish()
    }

    func node() -> Node { .map([("name", .str(name)), ("user", .str(user))]) }
}

public struct CollectorConfig: Sendable, Equatable {
    /// Events written to the store in one transaction at most.
    public var batchSize: Int = 5000
    /// Longest time an event waits in the collector before it is written (ms). events.jsonl must see an
    /// event within 1 s of capture, so this stays well below that.
    public var flushIntervalMS: Int = 200
    /// Once an event is in, how long the collector waits for more to fill a batch (ms; 0: none). Fewer,
    /// larger store transactions under a steady trickle: each transaction writes every b-tree page it
    /// dirtied to the WAL, however few events it holds.
    public var batchWaitMS: Int = 50
    /// Events held in memory between the socket and the store before workers are slowed down.
    public var queueCapacity: Int = 100_000

    mutating func apply(_ n: inout ConfigNode) throws {
        if let v = try n.int("batch_size", in: 1...100_000) { batchSize = v }
        if let v = try n.int("flush_interval_ms", in: 10...1000) { flushIntervalMS = v }
        if let v = try n.int("batch_wait_ms", in: 0...1000) { batchWaitMS = v }
        if let v = try n.int("queue_capacity", in: 1000...10_000_000) { queueCapacity = v }
        try n.finish()
    }

    func node() -> Node {
        .map([("batch_size", .int(batchSize)), ("flush_interval_ms", .int(flushIntervalMS)), ("batch_wait_ms", .int(batchWaitMS)),
              ("queue_capacity", .int(queueCapacity))])
    }
}

public struct StoreConfig: Sendable, Equatable {
    public var sqlite: Bool = true
    public var retentionDays: Int = 90
    public var jsonl: Bool = true
    /// Rotated, gzip-compressed daily files of events.jsonl kept.
    public var jsonlGenerations: Int = 14

    mutating func apply(_ n: inout ConfigNode) throws {
        if let v = try n.bool("sqlite") { sqlite = v }
        if let v = try n.int("retention_days", in: 1...36_500) { retentionDays = v }
        if let v = try n.bool("jsonl") { jsonl = v }
        if let v = try n.int("jsonl_generations", in: 1...3650) { jsonlGenerations = v }
        try n.finish()
    }

    func node() -> Node {
        .map([("sqlite", .bool(sqlite)), ("retention_days", .int(retentionDays)),
              ("jsonl", .bool(jsonl)), ("jsonl_generations", .int(jsonlGenerations))])
    }
}

public struct GeoIPConfig: Sendable, Equatable {
    /// A City or Country database (GeoLite2, DB-IP Lite, IPinfo Lite). Empty: DATA/geoip/GeoLite2-City.mmdb
    /// when that file exists, which `make run` provides.
    public var cityDB: String = ""
    /// An ASN database (GeoLite2-ASN or compatible). Empty: none, unless the city db carries ASN fields.
    public var asnDB: String = ""

    mutating func apply(_ n: inout ConfigNode) throws {
        if let v = try n.string("city_db") { cityDB = v }
        if let v = try n.string("asn_db") { asnDB = v }
        try n.finish()
    }

    func node() -> Node { .map([("city_db", .str(cityDB)), ("asn_db", .str(asnDB))]) }
}

public struct SupervisorConfig: Sendable, Equatable {
    /// UTC time `HH:MM` at which every worker is restarted for a clean state; empty disables it.
    public var dailyRestart: String = "04:00"
    public var backoffInitialMS: Int = 250
    public var backoffMaxMS: Int = 30_000

    /// Minutes after midnight UTC, or nil when disabled.
    public var dailyRestartMinute: Int? { SupervisorConfig.minute(of: dailyRestart) }

    static func minute(of text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        if let v = try n.string("daily_restart") {
            guard v.isEmpty || v == "off" || SupervisorConfig.minute(of: v) != nil else {
                throw n.error("daily_restart", "expected a UTC time HH:MM such as 04:00, or off, got '\(v.prefix(40))'")
            }
            dailyRestart = v == "off" ? "" : v
        }
        if let v = try n.int("backoff_initial_ms", in: 10...600_000) { backoffInitialMS = v }
        if let v = try n.int("backoff_max_ms", in: 10...3_600_000) { backoffMaxMS = v }
        guard backoffMaxMS >= backoffInitialMS else {
            throw n.error("backoff_max_ms", "must not be below backoff_initial_ms (\(backoffInitialMS))")
        }
        try n.finish()
    }

    func node() -> Node {
        .map([("daily_restart", .str(dailyRestart)), ("backoff_initial_ms", .int(backoffInitialMS)), ("backoff_max_ms", .int(backoffMaxMS))])
    }
}
