// libFuzzer target: the trap's protocol detector (every recogniser, over TCP and UDP). Any input must give
// a label, never trap or hang, and every text field must respect the cap. The input is also fed behind
// each protocol's opening bytes, so the fuzzer reaches the deeper parsers (KEXINIT, MQTT payload, TDS
// option table, HTTP headers) without having to discover the prefixes first.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtocolDetector(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let prefixes: [[UInt8]] = [
        [], Array("SSH-2.0-fuzz\r\n".utf8), Array("GET / HTTP/1.1\r\n".utf8), Array("INVITE sip:a SIP/2.0\r\n".utf8),
        [3, 0], [0x10], [0x12, 0x01], [0, 0, 0], Array("*".utf8), Array("CNXN".utf8), [0, 0x40],
    ]
    for p in prefixes {
        for t in [ProtocolDetector.Transport.tcp, .udp] {
            let d = ProtocolDetector.detect(p + bytes, transport: t)
            let texts = [d.method, d.uri, d.version, d.host, d.userAgent, d.from, d.to, d.callID, d.clientVersion, d.username,
                         d.clientID, d.database, d.command]
            for case let s? in texts where s.utf8.count > 256 { fatalError("field over the cap: \(s.utf8.count)") }
            if ProtocolDetector.detect(p + bytes, transport: t) != d { fatalError("not deterministic") }
        }
    }
    return 0
}
