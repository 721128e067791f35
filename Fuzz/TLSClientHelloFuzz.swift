// libFuzzer target: the TLS ClientHello parser (record reassembly, every length field) that fingerprints
// HTTPS and trap clients; any prefix must answer needMore, a hello, or invalid — never trap or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTLSClientHello(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if case .hello(let h) = TLSClientHello.parse(bytes) {
        // A parsed hello re-parses identically from the same bytes plus trailing data.
        guard case .hello(let again) = TLSClientHello.parse(bytes + [0, 0, 0]), again == h else { fatalError("not stable") }
    }
    // Also as the second half of a split record stream.
    _ = TLSClientHello.parse([22, 3, 1, 0, 4, 1, 0, 0, 200] + bytes)
    return 0
}
