import Foundation
#if canImport(MitsuCore)
import MitsuCore
#endif

/// Decoded records by data-section offset: a fixed-size, two-way set-associative table split into lock
/// stripes.
///
/// Many networks share one record (all of a country's addresses without city data, all of an AS), and
/// attack traffic repeats sources, so most lookups hit. A fixed table keeps memory bounded and eviction
/// cheap. Two ways per set, the newer entry first, cut the misses of 20,000 repeating sources from 4.8%
/// (direct-mapped) to 1.6% for the same memory. The stripes keep two collector threads from queueing on
/// one lock. A `GeoIPInfo` is a few strings, so a hit costs a lock and some reference-count increments,
/// never a decode.
final class GeoIPRecordCache: @unchecked Sendable {
    // @unchecked: every slot is only touched with its stripe's lock held.
    private struct Slot {
        var offset = -1
        /// nil when the record has none of the enrichment fields: that answer is worth caching too.
        var info: GeoIPInfo?
    }

    /// Slots live in manually allocated memory reached through a pointer: going through an `Array` in a
    /// class property copied the whole 150-byte slot (and retained its strings) on every read. A stripe
    /// allocates its slots on its first insert: initialising all 32,768 up front wrote ~5 MiB that an
    /// idle collector (no lookups yet) kept resident for nothing.
    private final class Stripe {
        let lock = NSLock()
        let count: Int
        private(set) var slots: UnsafeMutablePointer<Slot>?

        init(count: Int) { self.count = count }

        /// The slots, allocated on first use; call with `lock` held.
        func slotsForInsert() -> UnsafeMutablePointer<Slot> {
            if let slots { return slots }
            let fresh = UnsafeMutablePointer<Slot>.allocate(capacity: count)
            fresh.initialize(repeating: Slot(), count: count)
            slots = fresh
            return fresh
        }

        deinit {
            guard let slots else { return }
            slots.deinitialize(count: count)
            slots.deallocate()
        }
    }

    private static let stripeCount = 16
    private static let ways = 2
    private let stripes: [Stripe]
    /// Sets per stripe − 1 (a power of two minus one).
    private let setMask: Int

    /// `capacity` is rounded up to a power of two, at least one set per stripe and at most 2²⁴ slots
    /// (a configuration typo must not overflow the sizing arithmetic or allocate gigabytes).
    init(capacity: Int) {
        let capacity = min(capacity, 1 << 24)
        var sets = 1
        while sets * GeoIPRecordCache.ways * GeoIPRecordCache.stripeCount < capacity { sets <<= 1 }
        setMask = sets - 1
        stripes = (0..<GeoIPRecordCache.stripeCount).map { _ in Stripe(count: sets * GeoIPRecordCache.ways) }
    }

    /// Record offsets cluster (neighbouring records differ by tens of bytes), so they are hashed before
    /// being split into stripe and slot.
    @inline(__always)
    private func position(_ offset: Int) -> (stripe: Stripe, set: Int) {
        let hash = UInt64(truncatingIfNeeded: offset) &* 0x9E37_79B9_7F4A_7C15
        let stripe = Int(truncatingIfNeeded: hash >> 60) & (GeoIPRecordCache.stripeCount - 1)
        // The set index is masked to the stripe's size, so the pointer arithmetic below stays inside it.
        let set = (Int(truncatingIfNeeded: hash >> 28) & setMask) * GeoIPRecordCache.ways
        return (stripes[stripe], set)
    }

    /// The cached fields for `offset`; `hit` tells a cached nil (a record without enrichment fields) from
    /// a miss. Not an enum of hit/miss: every wrapping layer costs a copy of the 150-byte `GeoIPInfo`,
    /// and those copies were a quarter of the time of a cached lookup.
    @inline(__always)
    func value(for offset: Int, hit: inout Bool) -> GeoIPInfo? {
        let (stripe, set) = position(offset)
        stripe.lock.lock()
        defer { stripe.lock.unlock() }
        guard let slots = stripe.slots else {
            hit = false
            return nil
        }
        let p = slots + set
        if p.pointee.offset == offset {
            hit = true
            return p.pointee.info
        }
        if p[1].offset == offset {
            hit = true
            return p[1].info
        }
        hit = false
        return nil
    }

    /// Inserts as the newer entry of its set; the older one is dropped.
    func insert(_ info: GeoIPInfo?, for offset: Int) {
        let (stripe, set) = position(offset)
        stripe.lock.lock()
        defer { stripe.lock.unlock() }
        let p = stripe.slotsForInsert() + set
        // Another thread may have decoded and inserted the same record meanwhile.
        guard p.pointee.offset != offset, p[1].offset != offset else { return }
        p[1] = p.pointee
        p.pointee = Slot(offset: offset, info: info)
    }

    /// How many stripes hold allocated slots (tests: an unused cache costs no slot memory).
    var allocatedStripeCount: Int {
        stripes.reduce(0) { n, stripe in
            stripe.lock.lock()
            defer { stripe.lock.unlock() }
            return n + (stripe.slots == nil ? 0 : 1)
        }
    }
}
