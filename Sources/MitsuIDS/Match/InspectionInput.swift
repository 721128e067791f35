import Foundation
import MitsuCore

/// What the matcher sees of one event: its buffers (by `BufferKind`) and the flow facts the header and
/// `flow`/`flowbits` need. Honeypot events are always client-to-server on an established stream.
public struct InspectionInput: Sendable {
    public var buffers: [[UInt8]?] = Array(repeating: nil, count: BufferKind.count)
    public var srcIP: String? { didSet { srcAddress = srcIP.flatMap(CIDR.address) } }
    public var srcPort: Int?
    public var destIP: String? { didSet { destAddress = destIP.flatMap(CIDR.address) } }
    /// The addresses in binary, parsed once per input rather than once per rule.
    public private(set) var srcAddress: [UInt8]?
    public private(set) var destAddress: [UInt8]?
    public var destPort: Int?
    /// `tcp` / `udp` when known.
    public var transport: String?
    /// Application protocol (`http`, `ssh`, `smb`, …) when known.
    public var appProtocol: String?
    /// Key of the flow for flowbits: the session id, or the address/port 4-tuple.
    public var flowKey: String
    public var timeMillis: Int64

    /// Every buffer is capped; events are capped well below this already.
    public static let maxBufferBytes = 256 * 1024

    public init(flowKey: String, timeMillis: Int64 = 0) {
        self.flowKey = flowKey
        self.timeMillis = timeMillis
    }

    public subscript(_ kind: BufferKind) -> [UInt8]? {
        get { buffers[kind.index] }
        set { buffers[kind.index] = newValue.map { $0.count > Self.maxBufferBytes ? Array($0.prefix(Self.maxBufferBytes)) : $0 } }
    }

    /// True when no buffer is set: nothing to inspect.
    public var isEmpty: Bool { buffers.allSatisfy { $0 == nil } }

    /// The buffers of an event, or nil when the event carries nothing to inspect.
    ///
    /// - `http.request`: the HTTP buffers from `http{}`; when `http.body_sha256` says the request had a
    ///   body, the body from `payload.b64` (a payload that starts with the request line is taken as the whole
    ///   raw request, anything else as the body); `pkt_data` is the request line, headers and body.
    /// - `command.input` / `command.failed`: the command line in `mitsu.command` and in `pkt_data`.
    /// - `ssh.client.version`: the identification line as sent (`SSH-2.0-…\r\n`) in `pkt_data`.
    /// - `tls.client_hello` (MitsuWeb's HTTPS ports), `ssh.client.kex` (MitsuSSH): protocol `tls` / `ssh`.
    /// - every event: the TLS, DNS and SSH buffers from its `tls{}`, `dns{}`, `client_version` and `hassh`
    ///   fields (`AppLayerBuffers`), so ET Open's `tls.sni`, `ja3.hash`, `dns.query` … rules apply to them.
    /// - any other event with `payload.b64`: `pkt_data`; when those bytes are an HTTP request and the event's
    ///   `protocol` (the trap's content-based detection) is absent or HTTP, the HTTP buffers too (trap
    ///   payloads on any port). A payload detected as SIP, SSH, Redis … gets no HTTP buffers, and app-layer
    ///   rules (`alert ssh`, `alert tls`, `alert dns`, …) apply by the detected protocol, whatever the port.
    public static func from(_ event: Event) -> InspectionInput? { from(event, payloads: nil) }

    /// As `from(_:)`, with a payload's buffers from `payloads` when it was seen before.
    static func from(_ event: Event, payloads: PayloadBuffersCache?) -> InspectionInput? {
        // Most events (connects, closes, logins) carry no buffer: the flow key and the parsed addresses
        // are made only for an event that has one, after the buffers (they were ~⅓ of the IDS's share of
        // the collector's CPU when made for every event).
        var input = InspectionInput(flowKey: "", timeMillis: event.timestamp.millisecondsSince1970)
        input.appProtocol = event.protocol.map { appLayer($0.lowercased()) }

        switch event.kind {
        case .httpRequest:
            guard let http = event.http else { break }
            input.appProtocol = "http"
            // MitsuWeb sets `body_sha256` exactly when the request had a body. Without one the raw request is
            // neither decoded nor parsed again: most requests are bodiless GETs, and that was a sixth of the
            // collector's IDS work per request.
            var body: [UInt8] = []
            if http.bodySHA256 != nil, let b64 = event.payload?.b64, let p = payloadBytes(b64) {
                body = p
                if let parsed = HTTPRequestText.parse(p), parsed.method == http.method { body = parsed.body }
            }
            HTTPBuffers.fill(&input, method: http.method ?? "", uri: http.uri ?? "", version: http.version ?? "HTTP/1.1",
                             headers: http.headers ?? [:], host: http.host, userAgent: http.userAgent, body: body)
        case .commandInput, .commandFailed:
            guard let line = event.input else { break }
            input[.command] = Array(line.utf8)
            input[.payload] = Array(line.utf8)
        case .sshClientVersion:
            guard let v = event.clientVersion else { break }
            input.appProtocol = input.appProtocol ?? "ssh"
            input[.payload] = Array((v + "\r\n").utf8)
        case .sshClientKex:
            input.appProtocol = input.appProtocol ?? "ssh"
        case .tlsClientHello:
            // MitsuWeb labels the connection `https`; the hello itself is TLS to a rule header.
            input.appProtocol = "tls"
        default:
            guard let b64 = event.payload?.b64 else { break }
            if let payloads { payloads.fill(&input, payload: b64) } else { PayloadBuffersCache.fill(&input, payload: b64) }
        }
        AppLayerBuffers.fill(&input, from: event)
        guard !input.isEmpty else { return nil }
        input.fillTransformed()
        input.flowKey = event.session?.rawValue
            ?? "\(event.srcIP ?? "-"):\(event.srcPort ?? 0)>\(event.destIP ?? "-"):\(event.destPort ?? 0)"
        input.srcIP = event.srcIP
        input.srcPort = event.srcPort
        input.destIP = event.destIP
        input.destPort = event.destPort
        input.transport = event.transport ?? "tcp"
        return input
    }

    /// An event's `payload.b64` as bytes (characters outside the alphabet skipped), nil when it decodes
    /// to nothing.
    static func payloadBytes(_ b64: String) -> [UInt8]? {
        Data(base64Encoded: b64, options: .ignoreUnknownCharacters).map { [UInt8]($0) }
    }

    /// The transformed buffers (`dotprefix`) from their sources. Cheap: the sources are short names.
    public mutating func fillTransformed() {
        for kind in BufferKind.transformed {
            guard let source = kind.transformedFrom, let bytes = self[source] else { continue }
            self[kind] = [UInt8(ascii: ".")] + bytes
        }
    }

    /// The rule-header protocol an event's `protocol` answers to. The detector's `docker` is HTTP to
    /// Suricata (the Docker Engine API is HTTP).
    static func appLayer(_ detected: String) -> String {
        switch detected {
        case "docker": return "http"
        default: return detected
        }
    }
}
