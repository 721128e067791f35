/// Per-flow flowbits and per-rule threshold counters, bounded: the oldest flows and counters are dropped
/// first when a cap is reached, so an attacker opening endless sessions costs memory only up to the cap.
struct FlowState {
    static let maxFlows = 100_000
    static let maxBitsPerFlow = 64
    static let maxCounters = 200_000

    private var bits: [String: Set<String>] = [:]
    private var flowOrder: [String] = []
    private var flowOrderHead = 0

    struct Counter {
        var windowStart: Int64
        var count: Int
        var alerted: Int
    }
    private var counters: [CounterKey: Counter] = [:]

    struct CounterKey: Hashable {
        var sid: Int
        var detection: Bool
        var key: String
    }

    func isSet(_ name: String, flow: String) -> Bool {
        bits[flow]?.contains(name) ?? false
    }

    mutating func set(_ name: String, flow: String) {
        if bits[flow] == nil {
            if bits.count >= Self.maxFlows { evictOldestFlow() }
            bits[flow] = []
            flowOrder.append(flow)
        }
        guard let count = bits[flow]?.count, count < Self.maxBitsPerFlow else { return }
        bits[flow]?.insert(name)
    }

    mutating func unset(_ name: String, flow: String) {
        bits[flow]?.remove(name)
    }

    private mutating func evictOldestFlow() {
        while flowOrderHead < flowOrder.count {
            let victim = flowOrder[flowOrderHead]
            flowOrderHead += 1
            if bits.removeValue(forKey: victim) != nil { break }
        }
        if flowOrderHead > 4096 && flowOrderHead * 2 > flowOrder.count {
            flowOrder.removeFirst(flowOrderHead)
            flowOrderHead = 0
        }
    }

    /// Suricata's threshold semantics for one more match at `now`: whether this match alerts.
    /// limit: the first `count` per window; threshold: every `count`th; both: once per window after
    /// `count`; detection_filter: every match after the first `count` in the window.
    mutating func allow(_ spec: ThresholdSpec, sid: Int, key: String, now: Int64) -> Bool {
        let k = CounterKey(sid: sid, detection: spec.kind == .detection, key: key)
        let window = Int64(spec.seconds) * 1000
        var c = counters[k] ?? Counter(windowStart: now, count: 0, alerted: 0)
        if now - c.windowStart >= window || now < c.windowStart {
            c = Counter(windowStart: now, count: 0, alerted: 0)
        }
        c.count += 1
        let alert: Bool
        switch spec.kind {
        case .limit: alert = c.count <= spec.count
        case .threshold:
            alert = c.count >= spec.count
            if alert { c = Counter(windowStart: now, count: 0, alerted: 0) }
        case .both:
            alert = c.count >= spec.count && c.alerted == 0
            if alert { c.alerted = 1 }
        case .detection: alert = c.count > spec.count
        }
        if counters[k] == nil && counters.count >= Self.maxCounters { counters.removeAll(keepingCapacity: true) }
        counters[k] = c
        return alert
    }

    var flowCount: Int { bits.count }
}
