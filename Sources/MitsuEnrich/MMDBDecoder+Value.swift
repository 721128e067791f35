/// Full decoding into `MMDBValue`: the general path (`MMDBReader.lookup`, metadata). The GeoIP layer uses
/// `GeoIPRecordDecoder` instead, which reads only the handful of fields it needs.
extension MMDBDecoder {
    /// What one top-level `decode` may still spend; see the type's documentation.
    struct Budget {
        var items = MMDBDecoder.maxItems
        var bytes = MMDBDecoder.maxBytes
    }

    /// The value at `offset` (a pointer there is followed).
    func decode(at offset: Int) throws -> MMDBValue {
        var budget = Budget()
        return try decode(at: offset, depth: 0, budget: &budget).value
    }

    /// The value at `offset` and the offset of the value after it.
    func decode(at offset: Int, depth: Int, budget: inout Budget) throws -> (value: MMDBValue, next: Int) {
        let (c, afterPointer) = try resolvedControl(at: offset)
        let (value, end) = try decodePayload(c, depth: depth, budget: &budget)
        return (value, afterPointer ?? end)
    }

    private func decodePayload(_ c: Control, depth: Int, budget: inout Budget) throws -> (MMDBValue, Int) {
        budget.items -= 1
        guard budget.items >= 0 else { throw MMDBError.sizeLimitExceeded(offset: c.payload) }
        switch c.type {
        case .string:
            let raw = try charge(c, &budget)
            return (.string(String(decoding: raw, as: UTF8.self)), c.payload + c.size)
        case .bytes:
            let raw = try charge(c, &budget)
            return (.bytes(Array(raw)), c.payload + c.size)
        case .double:
            return (.double(try double(c)), c.payload + c.size)
        case .float:
            return (.float(try float(c)), c.payload + c.size)
        case .uint16:
            return (.uint16(UInt16(truncatingIfNeeded: try fixedWidth(c, 2))), c.payload + c.size)
        case .uint32:
            return (.uint32(UInt32(truncatingIfNeeded: try fixedWidth(c, 4))), c.payload + c.size)
        case .int32:
            // Shorter encodings are zero-extended, as in libmaxminddb: only a 4-byte value can be negative.
            return (.int32(Int32(bitPattern: UInt32(truncatingIfNeeded: try fixedWidth(c, 4)))), c.payload + c.size)
        case .uint64:
            return (.uint64(try fixedWidth(c, 8)), c.payload + c.size)
        case .uint128:
            guard c.size <= 16 else {
                throw MMDBError.invalidData(offset: c.payload, reason: "uint128 of size \(c.size)")
            }
            let lowLength = min(c.size, 8)
            let high = try uint(at: c.payload, length: c.size - lowLength)
            let low = try uint(at: c.payload + c.size - lowLength, length: lowLength)
            return (.uint128(high: high, low: low), c.payload + c.size)
        case .boolean:
            guard c.size <= 1 else { throw MMDBError.invalidData(offset: c.payload, reason: "boolean of size \(c.size)") }
            return (.bool(c.size == 1), c.payload)
        case .map:
            return try decodeMap(c, depth: depth, budget: &budget)
        case .array:
            return try decodeArray(c, depth: depth, budget: &budget)
        case .pointer, .dataCacheContainer, .endMarker:
            throw MMDBError.invalidData(offset: c.payload, reason: "unexpected type \(c.type)")
        }
    }

    private func decodeMap(_ c: Control, depth: Int, budget: inout Budget) throws -> (MMDBValue, Int) {
        guard depth < MMDBDecoder.maxDepth else { throw MMDBError.depthLimitExceeded(offset: c.payload) }
        // Each entry takes at least two bytes (key and value control bytes) and counts two items: checking
        // both before reserving keeps a forged size from allocating gigabytes up front.
        guard c.size <= (section.count - c.payload) / 2, c.size * 2 <= budget.items else {
            throw MMDBError.sizeLimitExceeded(offset: c.payload)
        }
        var entries = [String: MMDBValue](minimumCapacity: c.size)
        var position = c.payload
        for _ in 0..<c.size {
            let (key, afterKey) = try decodeKey(at: position, budget: &budget)
            let (value, next) = try decode(at: afterKey, depth: depth + 1, budget: &budget)
            entries[key] = value
            position = next
        }
        return (.map(entries), position)
    }

    private func decodeArray(_ c: Control, depth: Int, budget: inout Budget) throws -> (MMDBValue, Int) {
        guard depth < MMDBDecoder.maxDepth else { throw MMDBError.depthLimitExceeded(offset: c.payload) }
        guard c.size <= section.count - c.payload, c.size <= budget.items else {
            throw MMDBError.sizeLimitExceeded(offset: c.payload)
        }
        var elements: [MMDBValue] = []
        elements.reserveCapacity(c.size)
        var position = c.payload
        for _ in 0..<c.size {
            let (value, next) = try decode(at: position, depth: depth + 1, budget: &budget)
            elements.append(value)
            position = next
        }
        return (.array(elements), position)
    }

    /// Map keys are always strings, possibly behind a pointer.
    private func decodeKey(at offset: Int, budget: inout Budget) throws -> (String, Int) {
        let (c, afterPointer) = try resolvedControl(at: offset)
        guard c.type == .string else {
            throw MMDBError.invalidData(offset: offset, reason: "map key of type \(c.type)")
        }
        let raw = try charge(c, &budget)
        return (String(decoding: raw, as: UTF8.self), afterPointer ?? c.payload + c.size)
    }

    /// Counts a string or bytes payload against the byte budget and returns it.
    private func charge(_ c: Control, _ budget: inout Budget) throws -> UnsafeRawBufferPointer {
        budget.bytes -= c.size
        guard budget.bytes >= 0 else { throw MMDBError.sizeLimitExceeded(offset: c.payload) }
        return try payloadBytes(c)
    }

    private func fixedWidth(_ c: Control, _ width: Int) throws -> UInt64 {
        guard c.size <= width else {
            throw MMDBError.invalidData(offset: c.payload, reason: "\(c.type) of size \(c.size)")
        }
        return try uint(at: c.payload, length: c.size)
    }
}
