import Foundation
import MitsuCore

/// What the matcher sees of one event: its buffers (by `BufferKind`) and the flow facts the header and
/// `flow`/`flowbits` need. Honeypot events are always client-to-server on an established stream.
public struct InspectionInput: Sendable {
    public var buffers: [[UInt8]?] = Array(repeating: nil, count: BufferKind.allCases.count)
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
    /// - `http.request`: the HTTP buffers from `http{}`; the request body from `payload.b64` (a payload
    ///   that starts with the request line is taken as the whole raw request); `pkt_data` is the raw request.
    /// - `command.input` / `command.failed`: the command line in `mitsu.command` and in `pkt_data`.
    /// - `ssh.client.version`: the identification line as sent (`SSH-2.0-…\r\n`) in `pkt_data`.
    /// - any other event with `payload.b64`: `pkt_data`; when those bytes are an HTTP request and the event's
    ///   `protocol` (the trap's content-based detection) is absent or HTTP, the HTTP buffers too (trap
    ///   payloads on any port). A payload detected as SIP, SSH, Redis … gets no HTTP buffers, and app-layer
    ///   rules (`alert ssh`, `alert tls`, `alert dns`, …) apply by the detected protocol, whatever the port.
    public static func from(_ event: Event) -> InspectionInput? {
        var input = InspectionInput(flowKey: event.session?.rawValue
            ?? "\(event.srcIP ?? "-"):\(event.srcPort ?? 0)>\(event.destIP ?? "-"):\(event.destPort ?? 0)",
            timeMillis: event.timestamp.millisecondsSince1970)
        input.srcIP = event.srcIP
        input.srcPort = event.srcPort
        input.destIP = event.destIP
        input.destPort = event.destPort
        input.transport = event.transport ?? "tcp"
        input.appProtocol = event.protocol.map { appLayer($0.lowercased()) }
        let payload = event.payload.flatMap { Data(base64Encoded: $0.b64, options: .ignoreUnknownCharacters) }.map { [UInt8]($0) }

        switch event.kind {
        case .httpRequest:
            guard let http = event.http else { break }
            input.appProtocol = "http"
            var body = payload ?? []
            if let p = payload, let parsed = HTTPRequestText.parse(p), parsed.method == http.method {
                body = parsed.body
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
        default:
            guard let p = payload, !p.isEmpty else { break }
            input[.payload] = p
            if input.appProtocol == nil || input.appProtocol == "http", let req = HTTPRequestText.parse(p) {
                input.appProtocol = input.appProtocol ?? "http"
                HTTPBuffers.fill(&input, method: req.method, uri: req.uri, version: req.version, headers: req.headers,
                                 host: nil, userAgent: nil, body: req.body)
                input[.payload] = p
            }
        }
        return input.isEmpty ? nil : input
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
