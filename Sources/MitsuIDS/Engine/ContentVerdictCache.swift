import MitsuCore

/// The rules an input's buffers pick (prefilter) and which of them pass their content checks.
struct ContentVerdicts: Sendable {
    static let unknown: Int8 = -1, fail: Int8 = 0, pass: Int8 = 1
    let rules: [Int32]
    /// Per rule: `unknown` until an input with these buffers passed the rule's header and the content
    /// checks ran (a rule whose header never matched never runs its pcre).
    var passes: [Int8]

    init(rules: [Int32]) {
        self.rules = rules
        passes = Array(repeating: Self.unknown, count: rules.count)
    }
}

/// `ContentVerdicts` remembered by the exact bytes of the buffers they were worked out from.
///
/// A rule's fast-pattern prefilter and its content, pcre, byte and size checks depend on the buffers
/// alone, and they are most of the IDS's work per event; honeypot payloads repeat byte for byte (one
/// loader line from thousands of bots, one exploit request per campaign). So the engine remembers, per
/// distinct set of buffers, the rules the prefilter picked and their content verdicts, and a repeat skips
/// the prefilter scan and the pattern matching. Everything else is still decided per event: the header
/// (protocol, addresses, ports), `flow`, rules picked by address alone, flowbits, thresholds.
///
/// Bounded: inputs whose buffers total at most `maxInputBytes` are remembered, at most `capacity` of them
/// (a new one evicts an arbitrary old one; `BoundedCache`).
final class ContentVerdictCache: @unchecked Sendable {
    /// An input's buffers, hashed once: kind, length and bytes of each (the same bytes split differently
    /// between buffers are another input). The buffers are kept by reference, not copied into a key.
    typealias Key = PrehashedKey<[[UInt8]?]>

    let maxInputBytes: Int
    private let entries: BoundedCache<Key, ContentVerdicts>

    init(capacity: Int, maxInputBytes: Int = 4096) {
        entries = BoundedCache(capacity: capacity)
        self.maxInputBytes = maxInputBytes
    }

    var capacity: Int { entries.capacity }

    /// The key of `input`: its buffers; nil when too large to remember.
    func key(_ input: InspectionInput) -> Key? {
        guard capacity > 0 else { return nil }
        var total = 0
        for b in input.buffers { total += b?.count ?? 0 }
        guard total <= maxInputBytes else { return nil }
        var h = Hasher()
        for (kind, buffer) in input.buffers.enumerated() {
            guard let buffer else { continue }
            h.combine(kind)
            h.combine(buffer.count)
            buffer.withUnsafeBytes { h.combine(bytes: $0) }
        }
        return Key(input.buffers, hash: h.finalize())
    }

    func verdicts(for key: Key) -> ContentVerdicts? { entries.value(for: key) }

    func store(_ verdicts: ContentVerdicts, for key: Key) { entries.store(verdicts, for: key) }

    var count: Int { entries.count }
    var hitCount: Int { entries.hitCount }
}
