import MitsuDashboard

/// The supervisor's and collector's figures for the dashboard's `/metrics`.
extension Supervisor {
    func metricSamples() -> [MetricSample] {
        var samples: [MetricSample] = []
        if let collector = currentCollector {
            samples.append(MetricSample(name: "mitsu_collector_queue_depth", help: "Events received and not yet written to the stores.",
                                        kind: .gauge, value: Double(collector.queueDepth)))
            samples.append(MetricSample(name: "mitsu_collector_events_written_total", help: "Events the collector wrote since start.",
                                        kind: .counter, value: Double(collector.writtenCount)))
            for (honeypot, kinds) in collector.eventCounts.sorted(by: { $0.key < $1.key }) {
                for (kind, n) in kinds.sorted(by: { $0.key < $1.key }) {
                    samples.append(MetricSample(name: "mitsu_events_total", help: "Events stored since start, by honeypot and kind.",
                                                kind: .counter, labels: [("honeypot", honeypot), ("event", kind)], value: Double(n)))
                }
            }
        }
        for (family, restarts) in workerRestarts.sorted(by: { $0.key < $1.key }) {
            samples.append(MetricSample(name: "mitsu_worker_restarts_total", help: "Worker restarts after a crash or exit, by honeypot family.",
                                        kind: .counter, labels: [("worker", family)], value: Double(restarts)))
        }
        return samples
    }
}
