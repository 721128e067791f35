// libFuzzer target: the download client's FTP reply parser (MitsuFetch) fed a hostile server's control
// stream in arbitrary chunks, and every reply it completes decoded as a passive-mode answer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFTPClient(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var parser = FTPReplyParser()
    // Chunk boundaries from the input itself: the first byte picks the chunk size.
    let step = max(1, Int(bytes.first ?? 1) % 64)
    var k = 0
    while k < bytes.count {
        guard let replies = try? parser.feed(bytes[k..<min(bytes.count, k + step)]) else { break }
        for r in replies {
            _ = FTPPassive.pasv(r)
            _ = FTPPassive.epsv(r)
            _ = FTPPassive.dataTarget(r, controlHost: "192.0.2.1")
        }
        k += step
    }
    return 0
}
