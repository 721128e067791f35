import Hummingbird

/// `GET /metrics`: Prometheus text exposition format 0.0.4. The collector and supervisor supply the
/// samples (events stored by honeypot and kind, queue depth, restarts); the dashboard adds its own.
extension Dashboard {
    func addMetricsEndpoint(to router: Router<DashboardContext>) {
        router.get("/metrics") { _, _ in
            Responses.text(self.metricsText(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    func metricsText() -> String {
        var samples: [MetricSample] = []
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
