// libFuzzer target: the SIP honeypot's parsers and persona — a datagram parsed and answered whole, the
// same bytes as a TCP stream in arbitrary chunks, and the digest header parser on its own.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSIP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let persona = SIPPersona(settings: SIPPersona.Settings(), policy: LoginPolicy(rules: [LoginPolicy.rule("100:secret")!], acceptAfter: 0),
                             nonce: { "5f3a9c21" }, tag: { "as0badc0de" })
    let ends = Endpoints(srcIP: "192.0.2.1", srcPort: 5070, destIP: "::", destPort: 5060)
    let udp = ServiceContext(honeypot: "sip", session: SessionID("0123456789ab")!, endpoints: ends, transport: "udp")
    _ = SIPDatagram.handle(bytes, totalLength: bytes.count, persona: persona, context: udp, payload: nil)
    var tcp = SIPTCPSession(context: ServiceContext(honeypot: "sip", session: SessionID("0123456789ab")!, endpoints: ends), persona: persona)
    let chunk = Int(bytes.first ?? 1) % 23 + 1
    var i = 0
    while i < bytes.count {
        if tcp.receive(Array(bytes[i..<min(bytes.count, i + chunk)])).last == .close { break }
        i += chunk
    }
    _ = tcp.connectionClosed()
    if let c = SIPDigestCredentials.parse(String(decoding: bytes, as: UTF8.self)) {
        _ = c.expectedResponse(password: "secret", method: "REGISTER")
        _ = c.hashcatLine(server: "::1", client: "192.0.2.1", method: "INVITE")
    }
    return 0
}
