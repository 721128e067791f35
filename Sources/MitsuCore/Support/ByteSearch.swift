#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-for-byte substring search: libc's vectorised `memchr` finds each candidate first byte and
/// `memcmp` checks the rest. (glibc's `memmem` is a GNU extension Swift's Glibc module does not export.)
///
/// Two slower ways kept creeping in: `String.contains(String)` with Foundation imported is its
/// locale-aware search, and the standard library's `firstRange(of:)` on UTF-8 views runs unspecialised
/// generic code that looked up type metadata on every call — 40 % of the collector's CPU under web load
/// when it checked each HTTP request for canary secrets.
public enum ByteSearch {
    /// Offset of the first occurrence of `needle` in `haystack`; an empty needle is found at 0.
    public static func firstIndex(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        let m = needle.count
        guard m > 0 else { return 0 }
        guard m <= haystack.count, let h = haystack.baseAddress, let n = needle.baseAddress else { return nil }
        let first = Int32(n.load(as: UInt8.self))
        var at = 0
        let last = haystack.count - m
        while at <= last {
            guard let hit = memchr(h + at, first, last - at + 1) else { return nil }
            let offset = h.distance(to: UnsafeRawPointer(hit))
            if m == 1 || memcmp(h + offset + 1, n + 1, m - 1) == 0 { return offset }
            at = offset + 1
        }
        return nil
    }

    /// The first occurrence at or after `from`.
    public static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int = 0) -> Int? {
        guard from >= 0, from <= haystack.count else { return nil }
        return needle.withUnsafeBytes { n in
            haystack.withUnsafeBytes { h in
                firstIndex(of: n, in: UnsafeRawBufferPointer(rebasing: h[from...])).map { $0 + from }
            }
        }
    }

    public static func contains(_ needle: [UInt8], in text: String) -> Bool {
        needle.withUnsafeBytes { contains($0, in: text) }
    }

    public static func contains(_ needle: String, in text: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in contains(UnsafeRawBufferPointer(n), in: text) }
    }

    static func contains(_ needle: UnsafeRawBufferPointer, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { firstIndex(of: needle, in: UnsafeRawBufferPointer($0)) != nil }
    }
}
