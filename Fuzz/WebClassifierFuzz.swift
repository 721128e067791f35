import Foundation

// libFuzzer target: MitsuWeb's decoding, URL extraction, request views (multipart, JSON, urlencoded) and the shipped rules
// over whatever request the parser accepts. Run from the repository root (Fuzz/run.sh does).
let webFuzzClassifier: WebClassifier = {
    guard let rules = try? WebRuleSet.load(path: "Sources/MitsuWeb/Rules/web.rules") else { fatalError("run from the repository root") }
    return WebClassifier(rules: rules)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebClassifier(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var parser = HTTPRequestParser()
    for case .request(let r) in parser.feed(bytes) {
        _ = webFuzzClassifier.classify(r)
        _ = URLExtractor.extract(r)
    }
    // Also the decoders on the raw bytes, outside any request framing.
    _ = Decoding.normalise(bytes, plusAsSpace: true)
    _ = Multipart.parse(bytes, boundary: "b")
    _ = URLExtractor.urls(in: URLExtractor.flattenLookups(String(decoding: bytes, as: UTF8.self)))
    return 0
}

// swift-corelibs-foundation's NSRegularExpression leaves two ICU allocations unreachable once created
// (seen as a 1.5 KB "leak" at the first input); they are made once, at rule load, not per input.
private let lsanSuppressions: StaticString = "leak:_CFRegularExpressionCreate\n"

@_cdecl("__lsan_default_suppressions")
public func webFuzzLeakSuppressions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(lsanSuppressions.utf8Start).assumingMemoryBound(to: CChar.self)
}
