import MitsuCore

/// How a time-range filter splits for an answer from rollups: whole days from the day level, the whole
/// half-hours around them from the half-hour level, and the partial half-hours at either end (`edges`,
/// read through the `ts` index) from raw events, so the answer is exact for any range.
struct RollupSpan {
    /// A run of whole buckets of one level: rows `dimension = prefix + name AND bucket in [from, to)`.
    struct Piece {
        var level: Rollups.Level
        var from: Int64
        var to: Int64

        var prefix: String { level.prefix }
    }

    var pieces: [Piece]
    /// Raw-event filters for the ragged ends, each a pure time range.
    var edges: [EventFilter]

    /// nil when the filter has anything besides `since`/`until` (rollups count all events of a bucket),
    /// when `since` is missing or before 1970 (buckets are `ts / width * width`, which rounds towards
    /// zero), or when the range holds no whole half-hour (a raw scan of under an hour is cheap anyway).
    /// `days: false` keeps to half-hours (a chart whose bars are not whole days).
    init?(_ f: EventFilter, days: Bool = true) {
        guard let since = f.since?.millisecondsSince1970, since >= 0,
              f.honeypot == nil, f.event == nil, f.srcIP == nil, f.session == nil, f.country == nil,
              f.asn == nil, f.username == nil, f.destPort == nil, f.text?.isEmpty ?? true
        else { return nil }
        let w = Rollups.halfHour.width
        let from = (since + w - 1) / w * w
        let until = f.until?.millisecondsSince1970
        let to = until.map { $0 / w * w } ?? Int64.max
        guard from < to else { return nil }
        edges = []
        if since < from {
            edges.append(EventFilter(since: Timestamp(millisecondsSince1970: since), until: Timestamp(millisecondsSince1970: from)))
        }
        if let until, to < until {
            edges.append(EventFilter(since: Timestamp(millisecondsSince1970: to), until: Timestamp(millisecondsSince1970: until)))
        }
        let d = Rollups.day.width
        let dayFrom = (from + d - 1) / d * d
        let dayTo = to == Int64.max ? Int64.max : to / d * d
        if days, dayFrom < dayTo {
            pieces = [Piece(level: Rollups.day, from: dayFrom, to: dayTo)]
            if from < dayFrom { pieces.append(Piece(level: Rollups.halfHour, from: from, to: dayFrom)) }
            if dayTo < to { pieces.append(Piece(level: Rollups.halfHour, from: dayTo, to: to)) }
        } else {
            pieces = [Piece(level: Rollups.halfHour, from: from, to: to)]
        }
    }
}
