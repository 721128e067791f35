import Hummingbird

/// `GET /metrics`: Prometheus text exposition format 0.0.4. Event counts are those the dashboard saw
/// stored since it started (a counter resets with the process, as Prometheus expects); the collector
/// and supervisor add their own samples (queue depth, restarts, refusals).
extension Dashboard {
    func addMetricsEndpoint(to router: Router<DashboardContext>) {
        router.get("/metrics") { _, _ in
            Responses.text(self.metricsText(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    func metricsText() -> String {
        var samples: [MetricSample] = []
        for (honeypot, kinds) in live.eventCounts.sorted(by: { $0.key < $1.key }) {
            for (kind, n) in kinds.sorted(by: { $0.key < $1.key }) {
                samples.append(MetricSample(name: "mitsu_events_total", help: "Events stored since the dashboard started, by honeypot and kind.",
                                            kind: .counter, labels: [("honeypot", honeypot), ("event", kind)], value: Double(n)))
            }
        }
        samples.append(MetricSample(name: "mitsu_dashboard_live_subscribers", help: "Open live-feed streams.", kind: .gauge,
                                    value: Double(live.subscriberCount)))
        samples += metrics()
        return MetricsFormat.render(samples)
    }
}

enum MetricsFormat {
    static func render(_ samples: [MetricSample]) -> String {
        var out = ""
        var described = Set<String>()
        for s in samples {
            if described.insert(s.name).inserted {
                out += "# HELP \(s.name) \(s.help)\n# TYPE \(s.name) \(s.kind.rawValue)\n"
            }
            out += s.name
            if !s.labels.isEmpty {
                out += "{" + s.labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
            }
            out += " " + (s.value == s.value.rounded() && abs(s.value) < 1e15 ? String(Int64(s.value)) : String(s.value)) + "\n"
        }
        return out
    }

    /// Label values: backslash, double quote and newline escaped (honeypot names come from config,
    /// event kinds from the store, which a remote sensor may have filled).
    static func escape(_ v: String) -> String {
        v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
