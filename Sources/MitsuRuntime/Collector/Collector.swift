import Foundation
import MitsuCore
import MitsuEnrich
import MitsuIDS
import MitsuStore
import NIOCore

/// The collector: receives every worker's events, enriches them (GeoIP/ASN, sensor name) and writes them
/// in batches to events.jsonl and the SQLite store. Runs inside the supervisor process.
public final class Collector: EventSink, @unchecked Sendable {
    public let paths: DataPaths
    private let config: MitsuConfig
    private let queue: IngestQueue
    private let geoip: GeoIPResolver
    private var destinations: [Destination] = []
    /// A destination writes to SQLite (a `StoreBatch` is prepared for it).
    private var storesToSQLite = false
    private var writer: Thread?
    private let finished = DispatchSemaphore(value: 0)
    private var server: Channel?
    private let log: @Sendable (String) -> Void
    private let statsLock = Lock()
    /// Events written since start by honeypot and kind (`mitsu_events_total`), counted here from the
    /// batch in memory: the dashboard used to re-read every new row from SQLite each 200 ms for this,
    /// ~12 % of ingest throughput even with no browser open.
    private var kindCounts: [String: [String: Int]] = [:]
    /// Deletes events older than the retention period; run at start and hourly by the writer thread.
    private var retention: () -> Void = {}
    /// MitsuIDS: the live rule set (reloaded on SIGHUP and when a rule file changes) and a real
    /// Suricata's eve.json, when configured.
    private var ids: RuleSetReloader?
    private var eve: EVETail?
    /// Canary secrets from the web honeypot's leaks, recognised in every honeypot's events.
    private let canaries: CanaryWatch

    public init(config: MitsuConfig, paths: DataPaths, log: @escaping @Sendable (String) -> Void) throws {
        self.config = config
        self.paths = paths
        self.log = log
        self.queue = IngestQueue(capacity: config.collector.queueCapacity)
        try paths.createDirectories()
        self.geoip = Collector.openGeoIP(config.geoip, paths: paths, log: log)
        if config.ids.enabled { (ids, eve) = Collector.openIDS(config.ids, log: log) }
        self.canaries = CanaryWatch(paths: paths, log: log)

        if config.store.jsonl {
            let jsonl = try JSONLinesLog(directory: paths.logDir, generations: config.store.jsonlGenerations)
            destinations.append(Destination(
                name: "events.jsonl", pendingPath: paths.pendingPath("jsonl"), report: { [weak self] in self?.storeError($0) },
                write: { events, prepared in try jsonl.append(lines: prepared?.lines ?? events.map { EventCodec.encode($0) }) },
                flush: { try jsonl.flush() }))
        }
        if config.store.sqlite {
            let pending = paths.pendingPath("sqlite")
            do {
                let store = try SQLiteEventStore(path: paths.databasePath, retentionDays: config.store.retentionDays)
                storesToSQLite = true
                _ = try? store.applyRetention()
                retention = { _ = try? store.applyRetention() }
                destinations.append(Destination(
                    name: "sqlite", pendingPath: pending, report: { [weak self] in self?.storeError($0) },
                    write: { try store.append($0, lines: $1?.lines, prepared: $1?.store) }))
                // Events a previous run could not store (database was corrupt or the disk full) go in first.
                let (old, bad) = PendingFile.take(pending)
                if !old.isEmpty || bad > 0 {
                    try store.append(old)
                    unlink(pending)
                    log("sqlite: imported \(old.count) pending events (\(bad) unreadable lines skipped)")
                }
            } catch {
                // The honeypots keep running; events for SQLite wait in the pending file.
                let message = "cannot use the database \(paths.databasePath): \(error). Events are kept in \(pending) until it is repaired or moved away."
                storeError(message)
                destinations.append(Destination(
                    name: "sqlite", pendingPath: pending, memoryCap: 0, report: { _ in },
                    write: { _, _ in throw StoreUnavailable(message: message) }))
            }
        }
    }

    struct StoreUnavailable: Error, CustomStringConvertible { var message: String; var description: String { message } }

    /// Never nil: without a database the resolver still labels private, loopback and reserved addresses.
    static func openGeoIP(_ c: GeoIPConfig, paths: DataPaths, log: (String) -> Void) -> GeoIPResolver {
        var city = c.cityDB.isEmpty ? nil : c.cityDB
        if city == nil, FileManager.default.fileExists(atPath: paths.defaultGeoIPPath) { city = paths.defaultGeoIPPath }
        let asn = c.asnDB.isEmpty ? nil : c.asnDB
        guard city != nil || asn != nil else {
            log("geoip: no database configured and \(paths.defaultGeoIPPath) absent; public addresses are not geolocated")
            return GeoIPResolver(cityDatabase: nil, asnDatabase: nil)
        }
        do {
            return try GeoIPResolver(configuration: .init(cityDatabasePath: city, asnDatabasePath: asn))
        } catch {
            log("geoip: \(error); public addresses are not geolocated")
            return GeoIPResolver(cityDatabase: nil, asnDatabase: nil)
        }
    }

    static func openIDS(_ c: IDSConfig, log: @escaping @Sendable (String) -> Void) -> (RuleSetReloader?, EVETail?) {
        let eve = c.eveFile.isEmpty ? nil : EVETail(path: c.eveFile)
        var files = c.ruleFiles
        if c.builtinRules {
            if let builtin = MitsuRuleset.rulesPath { files.insert(builtin, at: 0) } else { log("ids: the built-in ruleset is missing next to the binary") }
        }
        guard !files.isEmpty else { return (nil, eve) }
        let classification = c.classificationFile.isEmpty ? MitsuRuleset.classificationPath : c.classificationFile
        do {
            let reloader = try RuleSetReloader(ruleFiles: files, classificationFile: classification)
            log("ids: \(reloader.engine.rules.count) rules loaded from \(files.count) file(s), \(reloader.rejectedCount) not loaded (mitsu ids check FILE lists why)")
            reloader.reloadOnSIGHUP { outcome in
                if let why = outcome.keptOldBecause { log("ids: reload refused, old rules kept: \(why)") }
                else { log("ids: reloaded, \(outcome.loaded) rules, \(outcome.rejects.count) not loaded") }
            }
            return (reloader, eve)
        } catch {
            log("ids: cannot load rules: \(error); no IDS alerts")
            return (nil, eve)
        }
    }

    private func storeError(_ message: String) {
        log("store error: \(message)")
        var e = Event(kind: .sensorStoreError, honeypot: "collector")
        e.message = message
        e.sensor = config.sensor.name
        queue.push([e])
    }

    /// Binds the worker socket and starts the writer thread.
    public func start(group: EventLoopGroup) async throws {
        let t = Thread { [self] in self.writeLoop() }
        t.name = "mitsu-collector-writer"
        t.start()
        writer = t
        server = try await CollectorServer.bind(group: group, path: paths.collectorSocket, queue: queue, report: log)
        chmod(paths.collectorSocket, 0o666)
    }

    public func emit(_ event: Event) {
        queue.push([event])
    }

    /// Events written since start: the sum of `eventCounts`, which every written event is counted in.
    public var writtenCount: Int { statsLock.withLock { kindCounts.values.reduce(0) { $0 + $1.values.reduce(0, +) } } }
    public var eventCounts: [String: [String: Int]] { statsLock.withLock { kindCounts } }
    public var queueDepth: Int { queue.count }

    private func writeLoop() {
        let interval = Double(config.collector.flushIntervalMS) / 1000
        var lastFlush = Date()
        var lastRetention = Date()
        var lastRuleCheck = Date()
        let gather = Double(config.collector.batchWaitMS) / 1000
        while var batch = queue.pop(max: config.collector.batchSize, timeout: interval, gather: gather) {
            if let eve { batch += eve.poll() }
            if Date().timeIntervalSince(lastRuleCheck) >= 5 {
                if let outcome = ids?.reloadIfChanged() {
                    log(outcome.keptOldBecause.map { "ids: rule file changed, old rules kept: \($0)" }
                        ?? "ids: rule file changed, \(outcome.loaded) rules loaded")
                }
                lastRuleCheck = Date()
            }
            if !batch.isEmpty {
                // In place and by index: each stage used to map the batch into a new array, and a `for e in
                // batch` still copies (retains) every field of every event.
                for i in batch.indices { enrich(&batch[i]) }
                canaries.inspect(&batch)
                // Read through a buffer pointer, yet `events[i]` passed to a function is still a copy of the
                // whole event, destroyed after the call: the profile puts ~2.5 % of the collector's CPU in
                // `Event` copies at the IDS and encoder calls below (`(base + i).pointee` copies too, tried:
                // the callee must take the pointer, as the store's row insert does).
                if let engine = ids?.engine {
                    // Alerts copy the triggering event's session, addresses and geoip.
                    var alerts: [Event] = []
                    batch.withUnsafeBufferPointer { events in
                        for i in events.indices where events[i].kind != .idsAlert { alerts += engine.inspect(events[i]) }
                    }
                    batch += alerts
                }
                let lines = batch.withUnsafeBufferPointer { events in events.indices.map { EventCodec.encode(events[$0]) } }
                // The store's own preparation runs here too: its thread is the slower of the two.
                let storeBatch = storesToSQLite ? StoreBatch(batch) : nil
                for d in destinations { d.append(batch, lines: lines, store: storeBatch) }
                var batchCounts: [String: [String: Int]] = [:]
                batch.withUnsafeBufferPointer { events in
                    for e in events.indices { batchCounts[events[e].honeypot, default: [:]][events[e].kind.rawValue, default: 0] += 1 }
                }
                statsLock.withLock {
                    for (honeypot, kinds) in batchCounts {
                        for (kind, n) in kinds { kindCounts[honeypot, default: [:]][kind, default: 0] += n }
                    }
                }
            }
            if Date().timeIntervalSince(lastFlush) >= interval || batch.isEmpty {
                for d in destinations { d.flush() }
                lastFlush = Date()
            }
            if Date().timeIntervalSince(lastRetention) >= 3600 {
                retention()
                lastRetention = Date()
            }
        }
        for d in destinations { d.close() }
        finished.signal()
    }

    private func enrich(_ e: inout Event) {
        if e.sensor == nil { e.sensor = config.sensor.name }
        if e.geoip == nil, let ip = e.srcIP, !ip.isEmpty, let info = geoip.resolve(ip) {
            e.geoip = info
        }
    }

    /// Stops accepting, writes everything queued, flushes and closes the stores.
    public func stop() async {
        if let server { try? await server.close() }
        queue.close()
        if writer != nil { finished.wait() }
        unlink(paths.collectorSocket)
    }
}
