// libFuzzer target: the MySQL honeypot's session (packet framing, HandshakeResponse41, auth switch,
// commands after an accepted login) on arbitrary client bytes in arbitrary chunks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMySQL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let policy = LoginPolicy(rules: [LoginPolicy.rule("*:*")!], acceptAfter: 0)
    let context = ServiceContext(honeypot: "mysql", session: SessionID("0123456789ab")!,
                                 endpoints: Endpoints(srcIP: "192.0.2.1", srcPort: 1, destIP: "192.0.2.2", destPort: 3306))
    var s = MySQLSession(context: context, settings: MySQLSession.Settings(), policy: policy,
                         salt: Array("abcdefghij0123456789".utf8), connectionID: 1)
    _ = s.start()
    let chunk = Int(bytes.first ?? 1) % 17 + 1
    var i = 0
    while i < bytes.count {
        _ = s.receive(Array(bytes[i..<min(bytes.count, i + chunk)]))
        i += chunk
    }
    _ = MySQLPackets.HandshakeResponse.parse(bytes)
    return 0
}
