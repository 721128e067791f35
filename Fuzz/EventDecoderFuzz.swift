// libFuzzer target: the collector's decoder of worker → collector event lines (EventCodec.decode) and
// the line framing in front of it. Any input must give an Event or a thrown error, never a trap; a decoded
// event must survive a re-encode/decode round trip unchanged.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for line in bytes.split(separator: 10, omittingEmptySubsequences: true) {
        guard let event = try? EventCodec.decode(line) else { continue }
        let again = EventCodec.encode(event)
        guard let back = try? EventCodec.decode(again), back == event else {
            fatalError("round trip changed an event: \(String(decoding: again, as: UTF8.self))")
        }
    }
    return 0
}
