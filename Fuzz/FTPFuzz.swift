// libFuzzer target: the FTP honeypot's control session (line framing, every command, PORT/EPRT parsing,
// path resolution) on arbitrary client bytes in arbitrary chunks, with data connections "succeeding".
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let policy = LoginPolicy(rules: [LoginPolicy.rule("*:*")!], acceptAfter: 0)
    let context = ServiceContext(honeypot: "ftp", session: SessionID("0123456789ab")!,
                                 endpoints: Endpoints(srcIP: "192.0.2.1", srcPort: 1, destIP: "192.0.2.2", destPort: 21))
    var s = FTPSession(context: context, settings: FTPSession.Settings(), policy: policy) { b in
        StoredUpload(sha256: "", md5: "", size: b.count)
    }
    _ = s.start()
    let chunk = Int(bytes.first ?? 1) % 17 + 1
    var i = 0
    while i < bytes.count {
        let piece = Array(bytes[i..<min(bytes.count, i + chunk)])
        for o in s.receive(piece) {
            switch o {
            case .openPassive: _ = s.passiveOpened(ip: "192.0.2.2", port: 40000)
            case .openData: _ = s.dataConnected(); _ = s.dataFinished(received: piece, truncated: piece.count % 2 == 0)
            default: break
            }
        }
        i += chunk
    }
    _ = FTPDataAddress.parsePORT(String(decoding: bytes, as: UTF8.self))
    _ = FTPDataAddress.parseEPRT(String(decoding: bytes, as: UTF8.self))
    return 0
}
