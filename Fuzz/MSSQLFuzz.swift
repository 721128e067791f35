// libFuzzer target: the MSSQL honeypot's TDS session (packet reassembly, PRELOGIN, LOGIN7, batches) and
// the message parsers on arbitrary client bytes in arbitrary chunks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMSSQL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = TDS.PreLogin.parse(bytes)
    _ = TDS.Login7.parse(bytes)
    _ = TDS.batchText(bytes)
    let policy = LoginPolicy(rules: [LoginPolicy.rule("*:*")!], acceptAfter: 0)
    let context = ServiceContext(honeypot: "mssql", session: SessionID("0123456789ab")!,
                                 endpoints: Endpoints(srcIP: "192.0.2.1", srcPort: 1, destIP: "192.0.2.2", destPort: 1433))
    var s = MSSQLSession(context: context, settings: MSSQLSession.Settings(), policy: policy)
    let chunk = Int(bytes.first ?? 1) % 17 + 1
    var i = 0
    while i < bytes.count {
        _ = s.receive(Array(bytes[i..<min(bytes.count, i + chunk)]))
        i += chunk
    }
    return 0
}
