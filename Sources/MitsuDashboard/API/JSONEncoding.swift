import MitsuCore
import MitsuStore

/// How API responses spell the store's values.
extension TopEntry {
    func json(_ dimension: Dimension) -> JSONValue {
        var members: [(String, JSONValue)] = zip(dimension.columns, values).map { ($0.0, JSONValue.string($0.1)) }
        members.append(("count", .int(count)))
        return .object(members)
    }
}

extension StoredEvent {
    /// `{"id": N, "event": {…stored line…}}`: the stored line is JSON written by `EventCodec`.
    var apiJSON: JSONValue { .object([("id", .int(id)), ("event", .raw(json))]) }
}

extension TimeRange {
    var json: JSONValue {
        .object([("range", .string(name)), ("since", .string(since.iso8601)), ("until", .string(until.iso8601)),
                 ("bucket_ms", .int(bucketMilliseconds))])
    }
}
