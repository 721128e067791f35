import Foundation

/// A plain mutex. Foundation's NSLock is fine on Linux; this wrapper only gives it a closure API that
/// reads well at call sites and keeps `Foundation` out of files that need nothing else from it.
public final class Lock: @unchecked Sendable {
    private let lock = NSLock()
    public init() {}

    @inline(__always)
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
