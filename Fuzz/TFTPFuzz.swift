// libFuzzer target: TFTP packet parsing and a transfer (read and write) fed arbitrary datagrams.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTFTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = TFTPPacket.parse(bytes)
    _ = NetASCII.decode(bytes)
    let context = ServiceContext(honeypot: "tftp", session: SessionID("0123456789ab")!,
                                 endpoints: Endpoints(srcIP: "192.0.2.1", srcPort: 1, destIP: "192.0.2.2", destPort: 69), transport: "udp")
    var settings = TFTPTransfer.Settings()
    settings.maxUploadBytes = 4096
    // The first datagram (up to the first 0xFF) is the request, the rest are split into packets at 0xFF.
    let parts = bytes.split(separator: 0xff, maxSplits: 64, omittingEmptySubsequences: false).map(Array.init)
    guard let first = parts.first else { return 0 }
    let request: TFTPRequest
    let write: Bool
    switch TFTPPacket.parse(first) {
    case .readRequest(let r)?: (request, write) = (r, false)
    case .writeRequest(let r)?: (request, write) = (r, true)
    default: return 0
    }
    var t = TFTPTransfer(request: request, isWrite: write, context: context, settings: settings,
                         bait: ["a": Array(repeating: 0x41, count: 2000)]) { b in StoredUpload(sha256: "", md5: "", size: b.count) }
    _ = t.start()
    for p in parts.dropFirst() {
        _ = t.receive(p)
        if p.count % 3 == 0 { _ = t.timeout() }
    }
    return 0
}
