#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One contiguous view of a `DataProtocol` value, so the hot loops can read through a raw pointer.
///
/// Arrays, slices, `Data` and raw buffers are contiguous and are read in place; only a value made of several
/// regions (a `DispatchData`, say) is copied once into a temporary array.
func withContiguousBytes<Bytes: DataProtocol, Result>(
    _ bytes: Bytes,
    _ body: (UnsafeRawBufferPointer) throws -> Result
) rethrows -> Result {
    if let result = try bytes.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    let regions = bytes.regions
    if regions.count == 1, let only = regions.first {
        return try only.withUnsafeBytes(body)
    }
    return try Array(bytes).withUnsafeBytes(body)
}
