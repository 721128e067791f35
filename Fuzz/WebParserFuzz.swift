// libFuzzer target: MitsuWeb's HTTP/1.x request parser on arbitrary bytes, fed in arbitrary chunks,
// with small caps so the fuzzer reaches every limit. Checks that the raw copy never exceeds its cap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = HTTPLimits()
    limits.requestLine = 256
    limits.headerLine = 256
    limits.headerBytes = 1024
    limits.headerCount = 16
    limits.body = 2048
    limits.raw = 512
    var parser = HTTPRequestParser(limits: limits)
    // The first byte picks the chunk size, so the fuzzer also explores how input is split.
    let chunk = Int(bytes.first ?? 1) % 23 + 1
    var i = 0
    while i < bytes.count {
        for case .request(let r) in parser.feed(bytes[i..<min(bytes.count, i + chunk)]) {
            if r.raw.count > limits.raw || r.body.count > limits.body { fatalError("cap exceeded") }
        }
        i += chunk
    }
    _ = parser.finish()
    return 0
}
