#if canImport(MitsuCore)
import MitsuCore
#endif

/// Reads the enrichment fields of one data record straight into a `GeoIPInfo`, skipping everything else.
///
/// Two layouts are understood, because the free databases differ:
/// - MaxMind (GeoLite2/GeoIP2 City, Country, ASN) and DB-IP Lite, which copies it: nested maps
///   `country.iso_code`, `country.names.en`, `continent.code`, `city.names.en`, `location.latitude`,
///   `location.longitude`, and flat `autonomous_system_number` / `autonomous_system_organization`.
/// - IPinfo Lite: flat `country_code`, `country` (a name, not a map), `continent_code`, `asn` as the text
///   `"AS15169"`, `as_name`.
/// A key with an unexpected value type is skipped rather than treated as an error: a field added by a
/// future edition of a database should not make enrichment fail.
struct GeoIPRecordDecoder {
    let decoder: MMDBDecoder

    /// Steps (map entries visited, values skipped) one record decode may take. A GeoLite2-City record
    /// takes about a hundred; this allows rich custom records and bounds a hostile one to well under a
    /// millisecond.
    static let maxSteps = 1 << 16

    /// What a field reader did with a value.
    enum Read {
        /// Not a wanted key: the cursor skips the value if it needs to go on.
        case skipped
        /// Read; the value ends at `end`, or nil when the reader stopped inside it (then the cursor skips
        /// the value from its start, if it needs to go on at all).
        case read(end: Int?)
    }

    /// The record's enrichment fields, or nil when it has none of them.
    func decode(at offset: Int) throws -> GeoIPInfo? {
        var info = GeoIPInfo()
        var budget = GeoIPRecordDecoder.maxSteps
        var end = 0
        guard var record = try MMDBMapCursor(decoder, at: offset, end: &end, budget: &budget) else { return nil }
        while let (key, value) = try record.next(budget: &budget) {
            let read = try readTopLevel(key, value, into: &info, budget: &budget)
            if case .read(let end) = read { record.consumed(upTo: end) }
        }
        let found = info.countryCode2 != nil || info.countryName != nil || info.continentCode != nil
            || info.cityName != nil || info.latitude != nil || info.longitude != nil
            || info.asn != nil || info.asOrg != nil
        return found ? info : nil
    }

    private func readTopLevel(_ key: UnsafeRawBufferPointer, _ value: Int, into info: inout GeoIPInfo,
                              budget: inout Int) throws -> Read {
        if key.equals("country") {
            return try readCountry(at: value, into: &info, budget: &budget)
        } else if key.equals("continent") {
            return try readMap(at: value, wanted: 1, budget: &budget) { key, value, budget in
                guard key.equals("code") else { return .skipped }
                let (code, end) = try string(at: value, budget: &budget)
                info.continentCode = code ?? info.continentCode
                return .read(end: end)
            }
        } else if key.equals("city") {
            return try readMap(at: value, wanted: 1, budget: &budget) { key, value, budget in
                guard key.equals("names") else { return .skipped }
                let (name, read) = try englishName(at: value, budget: &budget)
                info.cityName = name ?? info.cityName
                return read
            }
        } else if key.equals("location") {
            return try readMap(at: value, wanted: 2, budget: &budget) { key, value, budget in
                if key.equals("latitude") {
                    let (degrees, end) = try double(at: value, budget: &budget)
                    info.latitude = degrees ?? info.latitude
                    return .read(end: end)
                } else if key.equals("longitude") {
                    let (degrees, end) = try double(at: value, budget: &budget)
                    info.longitude = degrees ?? info.longitude
                    return .read(end: end)
                }
                return .skipped
            }
        } else if key.equals("autonomous_system_number") {
            let (number, end) = try unsigned(at: value, budget: &budget)
            info.asn = number.flatMap { Int(exactly: $0) } ?? info.asn
            return .read(end: end)
        } else if key.equals("autonomous_system_organization") || key.equals("as_name") {
            let (name, end) = try string(at: value, budget: &budget)
            info.asOrg = name ?? info.asOrg
            return .read(end: end)
        } else if key.equals("country_code") {
            let (code, end) = try string(at: value, budget: &budget)
            info.countryCode2 = code ?? info.countryCode2
            return .read(end: end)
        } else if key.equals("continent_code") {
            let (code, end) = try string(at: value, budget: &budget)
            info.continentCode = code ?? info.continentCode
            return .read(end: end)
        } else if key.equals("asn") {
            let (number, end) = try asNumber(at: value, budget: &budget)
            info.asn = number ?? info.asn
            return .read(end: end)
        }
        return .skipped
    }

    /// `country` is a map in the MaxMind layout and the country's name in IPinfo's.
    private func readCountry(at offset: Int, into info: inout GeoIPInfo, budget: inout Int) throws -> Read {
        let (c, _) = try decoder.resolvedControl(at: offset)
        if c.type == .string {
            let (name, end) = try string(at: offset, budget: &budget)
            info.countryName = name ?? info.countryName
            return .read(end: end)
        }
        return try readMap(at: offset, wanted: 2, budget: &budget) { key, value, budget in
            if key.equals("iso_code") {
                let (code, end) = try string(at: value, budget: &budget)
                info.countryCode2 = code ?? info.countryCode2
                return .read(end: end)
            } else if key.equals("names") {
                let (name, read) = try englishName(at: value, budget: &budget)
                info.countryName = name ?? info.countryName
                return read
            }
            return .skipped
        }
    }

    /// Hands each entry of the map at `offset` to `body` until `wanted` values were read, then stops: the
    /// rest of a GeoLite2 country map is names in seven more languages. The step budget is passed
    /// through `body` rather than captured, which exclusive access to it would forbid. A non-map value is
    /// skipped.
    private func readMap(
        at offset: Int, wanted: Int, budget: inout Int,
        _ body: (UnsafeRawBufferPointer, Int, inout Int) throws -> Read
    ) throws -> Read {
        var end = 0
        guard var map = try MMDBMapCursor(decoder, at: offset, end: &end, budget: &budget) else { return .read(end: end) }
        var found = 0
        while found < wanted, let (key, value) = try map.next(budget: &budget) {
            if case .read(let end) = try body(key, value, &budget) {
                map.consumed(upTo: end)
                found += 1
            }
        }
        return .read(end: map.end)
    }

    /// The `en` entry of a `names` map.
    private func englishName(at offset: Int, budget: inout Int) throws -> (String?, Read) {
        var name: String?
        let read = try readMap(at: offset, wanted: 1, budget: &budget) { key, value, budget in
            guard key.equals("en") else { return .skipped }
            let (text, end) = try string(at: value, budget: &budget)
            name = text
            return .read(end: end)
        }
        return (name, read)
    }

    // MARK: Scalars: each returns nil for a value of another type, and where the value ends.

    private func string(at offset: Int, budget: inout Int) throws -> (String?, Int) {
        let (c, afterPointer) = try decoder.resolvedControl(at: offset)
        guard c.type == .string else { return (nil, try afterPointer ?? decoder.skip(at: offset, budget: &budget)) }
        let raw = try decoder.payloadBytes(c)
        return (String(decoding: raw, as: UTF8.self), afterPointer ?? c.payload + c.size)
    }

    private func double(at offset: Int, budget: inout Int) throws -> (Double?, Int) {
        let (c, afterPointer) = try decoder.resolvedControl(at: offset)
        switch c.type {
        case .double: return (try decoder.double(c), afterPointer ?? c.payload + c.size)
        case .float: return (Double(try decoder.float(c)), afterPointer ?? c.payload + c.size)
        default: return (nil, try afterPointer ?? decoder.skip(at: offset, budget: &budget))
        }
    }

    private func unsigned(at offset: Int, budget: inout Int) throws -> (UInt64?, Int) {
        let (c, afterPointer) = try decoder.resolvedControl(at: offset)
        switch c.type {
        case .uint16, .uint32, .uint64, .uint128, .int32:
            return (try decoder.unsigned(c), afterPointer ?? c.payload + c.size)
        default:
            return (nil, try afterPointer ?? decoder.skip(at: offset, budget: &budget))
        }
    }

    /// IPinfo writes `"AS15169"`; accept a plain integer too.
    private func asNumber(at offset: Int, budget: inout Int) throws -> (Int?, Int) {
        let (c, afterPointer) = try decoder.resolvedControl(at: offset)
        guard c.type == .string else {
            let (number, end) = try unsigned(at: offset, budget: &budget)
            return (number.flatMap { Int(exactly: $0) }, end)
        }
        let raw = try decoder.payloadBytes(c)
        let end = afterPointer ?? c.payload + c.size
        var digits = raw[...]
        if digits.count >= 2, digits[digits.startIndex] | 0x20 == UInt8(ascii: "a"),
           digits[digits.startIndex + 1] | 0x20 == UInt8(ascii: "s") {
            digits = digits.dropFirst(2)
        }
        // An AS number is 32 bits: ten digits at most, so the arithmetic below cannot overflow.
        guard !digits.isEmpty, digits.count <= 10 else { return (nil, end) }
        var number = 0
        for d in digits {
            guard d >= 48, d <= 57 else { return (nil, end) }
            number = number * 10 + Int(d - 48)
        }
        return (number <= Int(UInt32.max) ? number : nil, end)
    }
}
