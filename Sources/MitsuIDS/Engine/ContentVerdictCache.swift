import MitsuCore

/// Which rules' content checks an input's buffers pass, remembered by those buffers' exact bytes.
///
/// A rule's fast-pattern prefilter and its content, pcre, byte and size checks depend on the buffers
/// alone, and they are most of the IDS's work per event; honeypot payloads repeat byte for byte (one
/// loader line from thousands of bots, one exploit request per campaign). So the engine remembers, per
/// distinct set of buffers, the rules (among those the prefilter selects) whose content checks pass, and a
/// repeat skips the prefilter scan and the pattern matching. Everything else is still decided per event:
/// the header (protocol, addresses, ports), `flow`, rules picked by address alone, flowbits, thresholds.
///
/// Bounded: inputs whose buffers total at most `maxInputBytes` are remembered, at most `capacity` of them
/// (a new one evicts an arbitrary old one). Thread-safe: one lock, held for a dictionary lookup or store.
final class ContentVerdictCache: @unchecked Sendable {
    let capacity: Int
    let maxInputBytes: Int
    private let lock = Lock()
    private var entries: [HashedBytes: [Int32]] = [:]
    private var hits = 0

    init(capacity: Int, maxInputBytes: Int = 4096) {
        self.capacity = capacity
        self.maxInputBytes = maxInputBytes
    }

    /// The key of `input`: every buffer as (kind, length, bytes); nil when too large to remember.
    func key(_ input: InspectionInput) -> HashedBytes? {
        guard capacity > 0 else { return nil }
        var total = 0
        for b in input.buffers { total += b?.count ?? 0 }
        guard total <= maxInputBytes else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total + 5 * 8)
        for (kind, buffer) in input.buffers.enumerated() {
            guard let buffer else { continue }
            // Kind and length first: the same bytes split differently between buffers are another input.
            bytes.append(UInt8(truncatingIfNeeded: kind))
            withUnsafeBytes(of: UInt32(buffer.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: buffer)
        }
        return HashedBytes(bytes)
    }

    func verdict(for key: HashedBytes) -> [Int32]? {
        lock.withLock {
            let v = entries[key]
            if v != nil { hits += 1 }
            return v
        }
    }

    func store(_ verdict: [Int32], for key: HashedBytes) {
        lock.withLock {
            if entries[key] == nil, entries.count >= capacity { entries.remove(at: entries.startIndex) }
            entries[key] = verdict
        }
    }

    var count: Int { lock.withLock { entries.count } }
    var hitCount: Int { lock.withLock { hits } }
}
