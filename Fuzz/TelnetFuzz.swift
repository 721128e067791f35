// libFuzzer target: the Telnet honeypot's session (IAC parsing, bounded subnegotiations, NEW-ENVIRON,
// the login dialogue and the shell hand-off) on arbitrary client bytes, fed in arbitrary chunks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTelnet(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let policy = LoginPolicy(rules: [LoginPolicy.rule("root:root")!], acceptAfter: 2)
    let session = TelnetSession(
        session: SessionID("0123456789ab")!, endpoints: Endpoints(srcIP: "192.0.2.1", srcPort: 1, destIP: "192.0.2.2", destPort: 23),
        hostname: "fuzz", policy: policy
    )
    _ = session.start()
    // The first byte picks the chunk size, so the fuzzer also explores how input is split.
    let chunk = Int(bytes.first ?? 1) % 17 + 1
    var i = 0
    while i < bytes.count {
        _ = session.receive(Array(bytes[i..<min(bytes.count, i + chunk)]))
        // A running shell answers now and then; its output must be accepted in any phase.
        if bytes[i] == 0x0A { _ = session.shellDelivered(.stdout(Array(bytes[i..<min(bytes.count, i + chunk)]))) }
        i += chunk
    }
    return 0
}
