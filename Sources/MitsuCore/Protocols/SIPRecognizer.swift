/// SIP requests (RFC 3261): a request line ending in `SIP/2.0`, over UDP or TCP. Keeps what `sip{}`
/// carries for the SIP honeypot: method, request URI, From, To, User-Agent, Call-ID (compact forms too).
enum SIPRecognizer {
    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        guard let line = RequestLine.parse(bytes), line.version.count == 7,
              ProtocolText.hasPrefix(bytes, "SIP/2.0", at: line.version.lowerBound, ignoringCase: true) else { return nil }
        var d = DetectedProtocol(.sip)
        d.method = ProtocolText.printable(bytes, line.method)
        d.uri = ProtocolText.printable(bytes, line.target)
        let h = line.headers(bytes, ["from", "f", "to", "t", "user-agent", "call-id", "i"])
        d.from = h[0] ?? h[1]
        d.to = h[2] ?? h[3]
        d.userAgent = h[4]
        d.callID = h[5] ?? h[6]
        return d
    }
}
