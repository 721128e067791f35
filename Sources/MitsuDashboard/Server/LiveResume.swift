import Foundation
import MitsuStore

/// Resuming a live stream where a browser left off. An SSE client that reconnects sends the last `id:`
/// it received as `Last-Event-ID` (or a page passes `?last_event_id=`); that is a store row id. The
/// handler subscribes to the live feed *first*, then reads what was stored after that id (the newest
/// `limit`, oldest first) and sends it; live events at or below the highest replayed id are dropped,
/// because the feed may publish rows the replay query already saw. Subscribing before reading leaves
/// no gap; the high-water mark leaves no duplicate; ids only grow, so the order holds.
struct LiveResume {
    /// At most this many missed events are replayed (the newest of them).
    static let maxReplay = 500

    /// The events to send before going live, oldest first.
    let replay: [StoredEvent]
    /// True when more than `limit` events were missed and the oldest were left out.
    let truncated: Bool
    private let highWater: Int64

    /// `fetch(after, limit)` returns the newest `limit` events after row `after`, oldest first
    /// (`EventReader.latestEvents`).
    init(after lastEventID: Int64, limit: Int = LiveResume.maxReplay,
         fetch: (Int64, Int) throws -> [StoredEvent]) rethrows {
        let events = try fetch(lastEventID, limit).filter { $0.id > lastEventID }
        replay = events
        truncated = events.count >= limit && (events.first?.id ?? 0) > lastEventID + 1
        highWater = events.last?.id ?? lastEventID
    }

    /// Whether a live event still has to be sent (it was not part of the replay or before it).
    func admits(_ id: Int64) -> Bool { id > highWater }

    /// The resume point a request asks for: the `Last-Event-ID` header wins over the `last_event_id`
    /// query parameter (a reconnecting EventSource repeats the URL it was opened with, so the header is
    /// the fresher of the two). An empty value counts as absent. nil: start live, replay nothing. Throws
    /// for a value that is not a row id.
    static func lastEventID(header: String?, query: String?) throws -> Int64? {
        let given = [header, query].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let trimmed = given.first else { return nil }
        guard trimmed.count <= 19, trimmed.allSatisfy(\.isASCIIDigit), let id = Int64(trimmed) else {
            throw QueryError("last_event_id must be a non-negative integer (an event id)")
        }
        return id
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
