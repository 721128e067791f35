import Foundation
#if canImport(MitsuCore)
import MitsuCore
#endif

/// Decoded records by data-section offset: a fixed-size, direct-mapped table split into lock stripes.
///
/// Many networks share one record (all of a country's addresses without city data, all of an AS), and
/// attack traffic repeats sources, so most lookups hit. Direct mapping keeps memory fixed and eviction
/// free; the stripes keep two collector threads from queueing on one lock. A `GeoIPInfo` is a few
/// strings, so a hit costs a lock and some reference-count increments, never a decode.
final class GeoIPRecordCache: @unchecked Sendable {
    // @unchecked: every slot is only touched with its stripe's lock held.
    private struct Slot {
        var offset = -1
        /// nil when the record has none of the enrichment fields: that answer is worth caching too.
        var info: GeoIPInfo?
    }

    /// Slots live in manually allocated memory reached through a pointer: going through an `Array` in a
    /// class property copied the whole 150-byte slot (and retained its strings) on every read.
    private final class Stripe {
        let lock = NSLock()
        let slots: UnsafeMutablePointer<Slot>
        let count: Int

        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: count)
            slots.initialize(repeating: Slot(), count: count)
        }

        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
    }

    private static let stripeCount = 16
    private let stripes: [Stripe]
    private let slotMask: Int

    /// `capacity` is rounded up to a power of two, at least one slot per stripe.
    init(capacity: Int) {
        var perStripe = 1
        while perStripe * GeoIPRecordCache.stripeCount < capacity { perStripe <<= 1 }
        slotMask = perStripe - 1
        stripes = (0..<GeoIPRecordCache.stripeCount).map { _ in Stripe(count: perStripe) }
    }

    /// Record offsets cluster (neighbouring records differ by tens of bytes), so they are hashed before
    /// being split into stripe and slot.
    @inline(__always)
    private func position(_ offset: Int) -> (stripe: Stripe, slot: Int) {
        let hash = UInt64(truncatingIfNeeded: offset) &* 0x9E37_79B9_7F4A_7C15
        let stripe = Int(truncatingIfNeeded: hash >> 60) & (GeoIPRecordCache.stripeCount - 1)
        // `slot` is masked to the stripe's size, so the pointer arithmetic below stays inside it.
        let slot = Int(truncatingIfNeeded: hash >> 28) & slotMask
        return (stripes[stripe], slot)
    }

    /// The cached fields for `offset`; `hit` tells a cached nil (a record without enrichment fields) from
    /// a miss. Not an enum of hit/miss: every wrapping layer costs a copy of the 150-byte `GeoIPInfo`,
    /// and those copies were a quarter of the time of a cached lookup.
    @inline(__always)
    func value(for offset: Int, hit: inout Bool) -> GeoIPInfo? {
        let (stripe, slot) = position(offset)
        stripe.lock.lock()
        defer { stripe.lock.unlock() }
        let p = stripe.slots + slot
        hit = p.pointee.offset == offset
        return hit ? p.pointee.info : nil
    }

    func insert(_ info: GeoIPInfo?, for offset: Int) {
        let (stripe, slot) = position(offset)
        stripe.lock.lock()
        defer { stripe.lock.unlock() }
        stripe.slots[slot] = Slot(offset: offset, info: info)
    }
}
