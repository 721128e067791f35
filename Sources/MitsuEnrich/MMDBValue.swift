/// A decoded data-section value (MaxMind DB format v2, section "Output Data Section").
///
/// Pointers never appear here: the decoder follows them. `uint128` is kept as two halves because the
/// standard library's `UInt128` is not available on every platform the package declares.
public enum MMDBValue: Sendable, Hashable {
    case string(String)
    case double(Double)
    case bytes([UInt8])
    case uint16(UInt16)
    case uint32(UInt32)
    case uint64(UInt64)
    case uint128(high: UInt64, low: UInt64)
    case int32(Int32)
    case map([String: MMDBValue])
    case array([MMDBValue])
    case bool(Bool)
    case float(Float)

    /// The value for `key` if this is a map.
    public subscript(key: String) -> MMDBValue? {
        guard case .map(let entries) = self else { return nil }
        return entries[key]
    }

    /// The element at `index` if this is an array and the index is in range.
    public subscript(index: Int) -> MMDBValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// Follows a path of map keys, e.g. `value[path: "country", "names", "en"]`.
    public subscript(path keys: String...) -> MMDBValue? {
        var current: MMDBValue? = self
        for key in keys { current = current?[key] }
        return current
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Either floating-point type as a `Double`.
    public var doubleValue: Double? {
        switch self {
        case .double(let d): return d
        case .float(let f): return Double(f)
        default: return nil
        }
    }

    /// Any integer type that fits in `UInt64` (writers pick the integer width freely, so readers of
    /// "a count" or "an ASN" must accept all of them).
    public var unsignedValue: UInt64? {
        switch self {
        case .uint16(let v): return UInt64(v)
        case .uint32(let v): return UInt64(v)
        case .uint64(let v): return v
        case .uint128(let high, let low): return high == 0 ? low : nil
        case .int32(let v): return v >= 0 ? UInt64(v) : nil
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [MMDBValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var mapValue: [String: MMDBValue]? {
        if case .map(let m) = self { return m }
        return nil
    }
}
