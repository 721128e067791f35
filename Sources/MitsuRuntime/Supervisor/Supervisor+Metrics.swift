import MitsuDashboard

/// The supervisor's and collector's figures for the dashboard's `/metrics`.
extension Supervisor {
    func metricSamples() -> [MetricSample] {
        var samples: [MetricSample] = []
        if let collector = currentCollector {
            samples.append(MetricSample(name: "mitsu_collector_queue_depth", help: "Events received and not yet written to the stores.",
                                        kind: .gauge, value: Double(collector.queueDepth)))
            samples.append(MetricSample(name: "mitsu_collector_events_written_total", help: "Events the collector processed and handed to its stores since start.",
                                        kind: .counter, value: Double(collector.writtenCount)))
            for (honeypot, kinds) in collector.eventCounts.sorted(by: { $0.key < $1.key }) {
                for (kind, n) in kinds.sorted(by: { $0.key < $1.key }) {
                    samples.append(MetricSample(name: "mitsu_events_total", help: "Events stored since start, by honeypot and kind.",
                                                kind: .counter, labels: [("honeypot", honeypot), ("event", kind)], value: Double(n)))
                }
            }
        }
        let restarts = workerRestarts.sorted(by: { $0.key < $1.key })
        for (family, n) in restarts {
            samples.append(MetricSample(name: "mitsu_worker_restarts_total", help: "Worker restarts after a crash or exit, by honeypot family.",
                                        kind: .counter, labels: [("worker", family)], value: Double(n)))
        }
        // Counters the workers keep themselves (they reset when a worker restarts, as Prometheus expects).
        let stats = restarts.compactMap { family, _ in WorkerStatsFile.read(path: paths.statsPath(worker: family)).map { (family, $0) } }
        let counters: [(String, String, KeyPath<WorkerStats, Int>)] = [
            ("mitsu_connections_refused_total", "Connections refused by a worker's caps (per-address, global, MaxStartups, TFTP transfers); only the first per address and minute is a session.refused event.", \.refused),
            ("mitsu_events_spooled_total", "Events a worker wrote to its spool file while the collector was unreachable.", \.spooled),
            ("mitsu_events_lost_total", "Events a worker could neither send nor spool (collector away and disk full).", \.lost),
        ]
        for (name, help, field) in counters {
            for (family, s) in stats {
                samples.append(MetricSample(name: name, help: help, kind: .counter, labels: [("worker", family)], value: Double(s[keyPath: field])))
            }
        }
        return samples
    }
}
