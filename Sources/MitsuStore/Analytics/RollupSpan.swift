import MitsuCore

/// How a time-range filter splits for an answer from rollups: the whole buckets `[from, to)` are read
/// from `rollups`, and the partial buckets at either end (`edges`, each under half an hour of events,
/// read through the `ts` index) from raw events, so the answer is exact for any range.
struct RollupSpan {
    var from: Int64
    var to: Int64
    /// Raw-event filters for the ragged ends, each a pure time range.
    var edges: [EventFilter]

    /// nil when the filter has anything besides `since`/`until` (rollups count all events of a bucket),
    /// when `since` is missing or before 1970 (buckets are `ts / width * width`, which rounds towards
    /// zero), or when the range holds no whole bucket (a raw scan of under an hour is cheap anyway).
    init?(_ f: EventFilter) {
        guard let since = f.since?.millisecondsSince1970, since >= 0,
              f.honeypot == nil, f.event == nil, f.srcIP == nil, f.session == nil, f.country == nil,
              f.asn == nil, f.username == nil, f.destPort == nil, f.text?.isEmpty ?? true
        else { return nil }
        let w = Rollups.bucketMilliseconds
        from = (since + w - 1) / w * w
        let until = f.until?.millisecondsSince1970
        to = until.map { $0 / w * w } ?? Int64.max
        guard from < to else { return nil }
        edges = []
        if since < from {
            edges.append(EventFilter(since: Timestamp(millisecondsSince1970: since), until: Timestamp(millisecondsSince1970: from)))
        }
        if let until, to < until {
            edges.append(EventFilter(since: Timestamp(millisecondsSince1970: to), until: Timestamp(millisecondsSince1970: until)))
        }
    }
}
