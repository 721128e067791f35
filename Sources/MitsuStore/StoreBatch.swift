import MitsuCore

/// What the store works out from a batch's events alone, before its transaction: each event's source
/// address in canonical form (the `src_ip` column) and the batch's contribution to the rollups.
///
/// The collector makes it on its writer thread and hands it over with the batch, so the store's one
/// writer connection — the serial stage that sets the ingest rate — spends its time in SQLite: counting
/// the rollups and canonicalising addresses were a ninth of that thread's time (bench/ingest profile).
public struct StoreBatch: Sendable {
    /// Per event, `IPAddress.canonicalText` of its `srcIP`.
    let sources: [String?]
    let rollups: RollupBatch

    /// Reads the events in place (an `Event` passed by value is copied, every field retained).
    public init(_ events: [Event]) {
        var sources: [String?] = []
        sources.reserveCapacity(events.count)
        var rollups = RollupBatch()
        events.withUnsafeBufferPointer { batch in
            guard let first = batch.baseAddress else { return }
            for i in batch.indices {
                let event = first + i
                let source = event.pointee.srcIP.map(IPAddress.canonicalText)
                sources.append(source)
                rollups.add(event, source: source)
            }
        }
        self.sources = sources
        self.rollups = rollups
    }

    var count: Int { sources.count }
}
