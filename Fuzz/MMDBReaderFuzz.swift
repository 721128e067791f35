// libFuzzer target for MitsuEnrich's MMDB reader: the input is a whole database file.
//
// Built without SwiftPM (a SwiftPM executable's `main` clashes with libFuzzer's), by compiling this file
// together with the module's sources:
//   swiftc -sanitize=fuzzer,address -parse-as-library -module-name MitsuFuzz Fuzz/MMDBReaderFuzz.swift \
//       Sources/MitsuEnrich/*.swift Sources/MitsuCore/Events/*.swift -o .fuzz/mmdb-reader
//   .fuzz/mmdb-reader -max_len=4096 CORPUS_DIR
// Seeds are in Fuzz/corpus/mmdb-reader (small valid databases of every record size, family and layout),
// written by the test suite: MITSU_FUZZ_SEED_DIR=Fuzz/corpus/mmdb-reader swift test --filter
// MMDBMalformedTests/testWriteFuzzSeeds.
#if canImport(MitsuCore)
import MitsuCore
#endif
#if canImport(MitsuEnrich)
import MitsuEnrich
#endif

/// Addresses that reach both halves of the tree, the IPv4 subtree and special cases (mapped, ::/96).
private let probes: [IPAddress] = [
    "1.2.3.4", "8.8.8.8", "81.2.69.160", "128.0.0.1", "255.255.255.254", "0.0.0.1",
    "2001:4860::8888", "2400:8500::1", "::1.2.3.4", "::ffff:1.2.3.4", "8000::1", "ffff::1",
].compactMap { IPAddress($0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let reader = try? MMDBReader(bytes: bytes) else { return 0 }
    // A tiny cache, so the decode path runs for every probe rather than hitting.
    let resolver = GeoIPResolver(cityDatabase: reader, asnDatabase: reader, cacheCapacity: 16)
    var addresses = probes
    // Addresses taken from the input steer the walk into parts of the tree the fixed probes miss.
    if size >= 16, let v6 = IPAddress(bytes: bytes[0..<16]) { addresses.append(v6) }
    if size >= 4, let v4 = IPAddress(bytes: bytes[(size - 4)..<size]) { addresses.append(v4) }
    for address in addresses {
        _ = try? reader.lookup(address)
        _ = try? resolver.lookup(address)
        _ = resolver.resolve(address.description)
    }
    return 0
}
