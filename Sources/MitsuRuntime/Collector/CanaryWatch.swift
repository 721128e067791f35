import Foundation
import MitsuCore
import MitsuEnrich

/// The collector's side of the canaries: learns the install's secrets from `DATA/web/canaries.txt`
/// (written by the web worker at its start, so it is re-read when it appears or changes), remembers the
/// leaks (`canary.leaked`, also kept in `DATA/run/canary-leaks.jsonl` across restarts) and flags every
/// event that uses a secret (`CanaryRegistry`). Used only on the collector's writer thread.
final class CanaryWatch {
    private var registry = CanaryRegistry()
    private let secretsPath: String
    private let leaksPath: String
    private var seen: (mtime: TimeInterval, size: Int)?
    private var lastCheck = Date.distantPast
    private let log: @Sendable (String) -> Void
    /// The leak file is rewritten with only the kept leaks when it grows past this.
    static let leakFileCap = 1 << 20

    init(paths: DataPaths, log: @escaping @Sendable (String) -> Void) {
        secretsPath = paths.root + "/web/canaries.txt"
        leaksPath = paths.runDir + "/canary-leaks.jsonl"
        self.log = log
        loadLeaks()
        reloadIfChanged(force: true)
    }

    var secretCount: Int { registry.secrets.count }

    /// Flags the batch's events in place; may add `canary.used` events right after the event that used a
    /// secret. The batch is rebuilt only when such an event is due (copying every ~40-field event into a new
    /// array cost the collector several per cent of its throughput).
    func inspect(_ batch: inout [Event]) {
        // By index through a pointer: `contains` hands each event to its closure as a copy.
        let leaked = batch.withUnsafeBufferPointer { events in events.indices.contains { events[$0].kind == .canaryLeaked } }
        // A stat a second at most; at once when a leak arrives (the file must exist by then).
        if leaked || Date().timeIntervalSince(lastCheck) >= 1 { reloadIfChanged(force: false) }
        guard leaked || !registry.secrets.isEmpty else { return }
        var used: [(after: Int, event: Event)] = []
        for i in batch.indices {
            if batch[i].kind == .canaryLeaked { persist(batch[i]) }
            if let u = registry.inspect(&batch[i]) { used.append((i, u)) }
        }
        for (after, event) in used.reversed() { batch.insert(event, at: after + 1) }
    }

    private func reloadIfChanged(force: Bool) {
        lastCheck = Date()
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: secretsPath) else { return }
        let mtime = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attrs[.size] as? NSNumber)?.intValue ?? 0
        if !force, let seen, seen.mtime == mtime, seen.size == size { return }
        seen = (mtime, size)
        guard size <= 64 * 1024, let data = FileManager.default.contents(atPath: secretsPath) else { return }
        registry.replaceSecrets(CanaryRegistry.parse(String(decoding: data, as: UTF8.self)))
        log("canaries: \(registry.secrets.count) secrets loaded from \(secretsPath)")
    }

    private func loadLeaks() {
        for line in compact() { if let e = try? EventCodec.decode(line) { registry.recordLeak(e) } }
    }

    /// The last leaks kept in the file, which is cut down to them when it has grown past the cap.
    @discardableResult
    private func compact() -> [Data] {
        guard let data = FileManager.default.contents(atPath: leaksPath) else { return [] }
        var lines = data.split(separator: 0x0A).map { Data($0) }
        if lines.count > CanaryRegistry.maxLeaks { lines = Array(lines.suffix(CanaryRegistry.maxLeaks)) }
        if data.count > Self.leakFileCap {
            var kept = Data()
            for l in lines { kept += l; kept.append(0x0A) }
            try? kept.write(to: URL(fileURLWithPath: leaksPath), options: .atomic)
        }
        written = lines.reduce(0) { $0 + $1.count + 1 }
        return lines
    }

    private var written = 0

    private func persist(_ e: Event) {
        var slim = e
        slim.payload = nil
        slim.geoip = nil
        let line = EventCodec.encode(slim) + [0x0A]
        if let h = FileHandle(forWritingAtPath: leaksPath) {
            h.seekToEndOfFile()
            h.write(Data(line))
            try? h.close()
        } else {
            FileManager.default.createFile(atPath: leaksPath, contents: Data(line), attributes: [.posixPermissions: 0o600])
        }
        written += line.count
        if written > Self.leakFileCap { compact() }
    }
}
