import Foundation

/// Walks the entries of one map in the data section without decoding them, so that a caller can pick the
/// few keys it wants and skip the rest (a GeoLite2-City record carries names in eight languages, postal
/// codes, subdivisions… of which enrichment needs a tenth).
///
/// Keys are handed out as raw UTF-8 bytes in the mapped file: comparing them allocates nothing.
struct MMDBMapCursor {
    private let decoder: MMDBDecoder
    private var remaining: Int
    private var position: Int
    /// Set when the map was reached through a pointer: the value then ends right after the pointer.
    private let afterPointer: Int?
    /// The offset of the value of the entry last returned, until the caller consumes it.
    private var pendingValue: Int?

    /// Positions a cursor on the map at `offset` (following one pointer), or returns nil if the value
    /// there is not a map. `end` is then where that value ends.
    ///
    /// `budget` is shared by a whole record decode and charged for every entry visited and every value
    /// skipped: a hostile record can repeat a key millions of times, each pointing at the same large map.
    init?(_ decoder: MMDBDecoder, at offset: Int, end: inout Int, budget: inout Int) throws {
        let (c, afterPointer) = try decoder.resolvedControl(at: offset)
        guard c.type == .map else {
            end = try afterPointer ?? decoder.skip(at: offset, budget: &budget)
            return nil
        }
        // Each entry takes at least two bytes.
        guard c.size <= (decoder.count - c.payload) / 2 else {
            throw MMDBError.sizeLimitExceeded(offset: c.payload)
        }
        self.decoder = decoder
        remaining = c.size
        position = c.payload
        self.afterPointer = afterPointer
    }

    /// The next key and the offset of its value.
    mutating func next(budget: inout Int) throws -> (key: UnsafeRawBufferPointer, value: Int)? {
        if let pending = pendingValue {
            position = try decoder.skip(at: pending, budget: &budget)
            pendingValue = nil
        }
        guard remaining > 0 else { return nil }
        remaining -= 1
        budget -= 1
        guard budget >= 0 else { throw MMDBError.sizeLimitExceeded(offset: position) }
        let (c, afterPointer) = try decoder.resolvedControl(at: position)
        guard c.type == .string else {
            throw MMDBError.invalidData(offset: position, reason: "map key of type \(c.type)")
        }
        let key = try decoder.payloadBytes(c)
        let valueOffset = afterPointer ?? c.payload + c.size
        pendingValue = valueOffset
        position = valueOffset
        return (key, valueOffset)
    }

    /// Tells the cursor that the last value was read and ends at `end`, sparing a skip. With a nil `end`
    /// (the reader stopped inside the value) the value is skipped if iteration goes on.
    mutating func consumed(upTo end: Int?) {
        guard let end else { return }
        pendingValue = nil
        position = end
    }

    /// Where the map value ends, if that is known without more work: right after the pointer when the map
    /// was reached through one (the common case in GeoLite2, which shares country and city maps), or after
    /// the last entry when all were read. Nil otherwise; a caller that needs the end then skips the whole
    /// value from its start. Callers usually do not: after the wanted keys are read the parent stops too.
    var end: Int? {
        if let afterPointer { return afterPointer }
        return remaining == 0 && pendingValue == nil ? position : nil
    }
}

extension UnsafeRawBufferPointer {
    /// Byte-wise equality with a literal, for matching map keys in place. `withUTF8Buffer` rather than
    /// `utf8Start`, which traps for a literal of a single Unicode scalar.
    @inline(__always)
    func equals(_ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { text in
            guard count == text.count else { return false }
            guard let base = baseAddress, let other = text.baseAddress else { return count == 0 }
            return memcmp(base, other, count) == 0
        }
    }
}
