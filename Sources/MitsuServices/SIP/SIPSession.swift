#if canImport(MitsuCore)
import MitsuCore
#endif

/// One SIP-over-TCP connection (RFC 3261 §18.3): the stream framer in front of the persona. A message the
/// framer or parser rejects ends the connection with `protocol.error`.
struct SIPTCPSession: ServiceSession {
    let context: ServiceContext
    let persona: SIPPersona
    /// The raw request as the event's payload; the honeypot passes a hashing closure, fuzzing none.
    let payload: @Sendable ([UInt8]) -> PayloadInfo?
    private var framer = SIPStreamFramer()
    /// Set once a message was rejected: the connection is closing and its leftovers are already reported.
    private var failed = false

    init(context: ServiceContext, persona: SIPPersona, payload: @escaping @Sendable ([UInt8]) -> PayloadInfo? = { _ in nil }) {
        self.context = context
        self.persona = persona
        self.payload = payload
    }

    func start() -> [ServiceOutput] { [] }

    mutating func receive(_ bytes: [UInt8]) -> [ServiceOutput] {
        guard !failed else { return [] }
        do {
            return try framer.feed(bytes).flatMap { persona.answer($0.request, context: context, payload: payload($0.raw)) }
        } catch {
            failed = true
            return [.event(context.protocolError((error as? SIPParseError)?.description ?? "\(error)")), .close]
        }
    }

    mutating func connectionClosed() -> [ServiceOutput] {
        !failed && framer.pendingBytes > 0 ? [.event(context.protocolError("connection closed inside a SIP message (\(framer.pendingBytes) bytes)"))] : []
    }
}

/// One UDP datagram: parsed whole, answered to its source. Nothing is sent for a malformed datagram (its
/// source may be spoofed), only `protocol.error` is logged; and the answers to one datagram may total at
/// most `maxAmplification` times its size, so a forged tiny request cannot make us a reflector (real
/// clients' requests are larger than the answers' additions; such a withheld answer is noted in the event).
enum SIPDatagram {
    static let maxAmplification = 3

    static func handle(_ bytes: [UInt8], totalLength: Int, persona: SIPPersona, context: ServiceContext,
                       payload: PayloadInfo?) -> [ServiceOutput] {
        guard totalLength <= SIPMessage.maxMessageBytes else {
            var e = context.protocolError(SIPParseError.tooLarge(totalLength).description)
            e.payload = payload
            return [.event(e)]
        }
        let request: SIPRequest
        do {
            request = try SIPMessage.parseDatagram(bytes)
        } catch {
            var e = context.protocolError((error as? SIPParseError)?.description ?? "\(error)")
            e.payload = payload
            return [.event(e)]
        }
        let out = persona.answer(request, context: context, payload: payload)
        let replyBytes = out.reduce(0) { n, o in if case .send(let b) = o { return n + b.count } else { return n } }
        guard replyBytes > maxAmplification * bytes.count else { return out }
        return out.compactMap { o in
            switch o {
            case .send: return nil
            case .event(var e) where e.kind == .sipRequest:
                e.message = "answer withheld: \(replyBytes) bytes for a \(bytes.count)-byte datagram"
                return .event(e)
            default: return o
            }
        }
    }
}
