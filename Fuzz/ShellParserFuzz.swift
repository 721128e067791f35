// libFuzzer target: MitsuShell's language layer on arbitrary bytes — the bash parser (quoting, nesting,
// here-documents, `$( )`, backticks), the echo/printf escape decoder, glob matching and `$(( ))` arithmetic.
// None of them may trap, hang or recurse without bound on hostile input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShellParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? ShellParser.parse(text)
    _ = Escapes.decode(bytes, mode: .echo)
    _ = Escapes.decode(bytes, mode: .printf)
    _ = Escapes.decode(bytes, mode: .ansiC)
    _ = Arithmetic.evaluate(text, lookup: { $0.count })
    // Split the input in two at the first newline: pattern and subject.
    if let nl = bytes.firstIndex(of: 0x0A) {
        let pattern = String(decoding: bytes[..<nl], as: UTF8.self)
        let subject = String(decoding: bytes[(nl + 1)...], as: UTF8.self)
        _ = Glob.match(pattern, subject)
        _ = Glob.hasMagic(pattern)
    }
    return 0
}
