import MitsuCore

/// What classifying a request found, remembered by the request's exact bytes.
///
/// Honeypot traffic repeats itself byte for byte: a botnet sends one exploit request, with one user agent
/// and one `Host`, thousands of times; a scanner re-sends its probe set; a crawler re-fetches the same page.
/// Classification is a pure function of those bytes (the rules are fixed for the worker's life), and its
/// views and rules are most of the worker's CPU per request, so a repeat reuses the first answer. Every
/// request is still parsed, answered and recorded; only what its bytes alone determine is shared: the
/// views, the rule verdict, the URLs found and the request's own fields of `http.request` (its hashes and
/// base64 among them).
///
/// Bounded: only requests kept whole and at most `maxRequestBytes` long are remembered (a long request is
/// rarely repeated, and its views would hold several copies of it), at most `capacity` of them; a new
/// one evicts an arbitrary old one. Shared by every connection of the worker, behind a lock.
public final class ClassificationCache: @unchecked Sendable {
    public struct Entry: Sendable {
        public let view: RequestView
        public let classification: WebClassification
        /// What `http.request` records of the request itself: its `http` object (without the client's
        /// label, which depends on the client's history) and its raw bytes as `payload`.
        public let recorded: WebEvents.Recorded
        /// URLs found in the request; worked out on first need (only attacks are searched).
        public fileprivate(set) var urls: [URLExtractor.Found]?
        fileprivate let key: Key?
    }

    public let maxRequestBytes: Int
    private let entries: BoundedCache<Key, Entry>

    public init(capacity: Int = 128, maxRequestBytes: Int = 2048) {
        entries = BoundedCache(capacity: capacity)
        self.maxRequestBytes = maxRequestBytes
    }

    public var capacity: Int { entries.capacity }

    /// A request's bytes, hashed once in bulk.
    typealias Key = PrehashedKey<[UInt8]>

    /// The key of `r`, when it may be remembered: kept whole and short enough.
    private func key(_ r: HTTPRequest) -> Key? {
        guard capacity > 0, !r.raw.isEmpty, r.raw.count == r.rawLength, r.raw.count <= maxRequestBytes else { return nil }
        return Key(bytes: r.raw)
    }

    /// The views, classification and recorded fields of `r`, from a request with the same bytes when one
    /// was seen.
    public func classify(_ r: HTTPRequest, with classifier: WebClassifier) -> Entry {
        let key = key(r)
        if let key, let known = entries.value(for: key) { return known }
        let view = RequestView(r)
        let entry = Entry(view: view, classification: classifier.classify(r, view: view), recorded: WebEvents.Recorded(r),
                          urls: nil, key: key)
        if let key { store(entry, for: key) }
        return entry
    }

    /// The URLs in `r`, whose entry `classify` gave: found once per remembered request.
    public func urls(in r: HTTPRequest, entry: Entry) -> [URLExtractor.Found] {
        if let known = entry.urls { return known }
        if let key = entry.key, let known = entries.value(for: key, countingHit: false)?.urls { return known }
        let found = URLExtractor.extract(r)
        if let key = entry.key { entries.update(key) { $0.urls = found } }
        return found
    }

    public var count: Int { entries.count }
    /// Requests answered from the cache so far.
    public var hitCount: Int { entries.hitCount }

    private func store(_ entry: Entry, for key: Key) { entries.store(entry, for: key) }
}
