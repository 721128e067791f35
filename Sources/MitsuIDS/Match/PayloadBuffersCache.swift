import MitsuCore

/// The buffers a payload event's bytes give (`pkt_data`, and the HTTP buffers when they are a request),
/// remembered by the payload's base64 and the detected protocol that decides whether HTTP is parsed.
///
/// A repeated payload (one exploit line from a whole botnet) was decoded from base64, parsed as HTTP and
/// split into buffers again for every event: three quarters of the IDS's share of the collector's CPU
/// once `ContentVerdictCache` answered the matching. What differs per event (addresses, ports, flow,
/// TLS/DNS/SSH fields) is still taken from the event itself.
///
/// Bounded: payloads of at most `maxBase64Bytes` of base64 are remembered, at most `capacity` of them.
final class PayloadBuffersCache: @unchecked Sendable {
    struct Key: Hashable {
        let b64: String
        let appProtocol: String?
    }

    struct Buffers {
        let buffers: [[UInt8]?]
        let appProtocol: String?
    }

    let maxBase64Bytes: Int
    private let entries: BoundedCache<Key, Buffers>

    init(capacity: Int, maxBase64Bytes: Int = 8192) {
        entries = BoundedCache(capacity: capacity)
        self.maxBase64Bytes = maxBase64Bytes
    }

    /// `input` (holding the event's protocol and no buffer yet) with the buffers of the payload `b64`;
    /// unchanged when `b64` decodes to nothing.
    func fill(_ input: inout InspectionInput, payload b64: String) {
        let key = entries.capacity > 0 && b64.utf8.count <= maxBase64Bytes ? Key(b64: b64, appProtocol: input.appProtocol) : nil
        if let key, let known = entries.value(for: key) {
            input.buffers = known.buffers
            input.appProtocol = known.appProtocol
            return
        }
        Self.fill(&input, payload: b64)
        if let key, !input.isEmpty { entries.store(Buffers(buffers: input.buffers, appProtocol: input.appProtocol), for: key) }
    }

    /// The work itself: `pkt_data`, and when those bytes are an HTTP request and the detected protocol is
    /// absent or HTTP, the HTTP buffers too (trap payloads on any port).
    static func fill(_ input: inout InspectionInput, payload b64: String) {
        guard let p = InspectionInput.payloadBytes(b64), !p.isEmpty else { return }
        input[.payload] = p
        if input.appProtocol == nil || input.appProtocol == "http", let req = HTTPRequestText.parse(p) {
            input.appProtocol = input.appProtocol ?? "http"
            HTTPBuffers.fill(&input, method: req.method, uri: req.uri, version: req.version, headers: req.headers,
                             host: nil, userAgent: nil, body: req.body)
            input[.payload] = p
        }
    }

    var count: Int { entries.count }
    var hitCount: Int { entries.hitCount }
}
