import Foundation
import MitsuCore

/// SIGHUP for everyone in the process who wants it. libdispatch delivers a signal to one source only when
/// several watch it, so the process keeps exactly one source and calls every registered observer.
final class HangupSignal: @unchecked Sendable {
    static let shared = HangupSignal()

    private let lock = Lock()
    private var observers: [ObjectIdentifier: @Sendable () -> Void] = [:]
    private var source: DispatchSourceSignal?

    func observe(_ owner: AnyObject, _ handler: @escaping @Sendable () -> Void) {
        lock.withLock {
            observers[ObjectIdentifier(owner)] = handler
            guard source == nil else { return }
            signal(SIGHUP, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
            s.setEventHandler { [weak self] in self?.fire() }
            s.resume()
            source = s
        }
    }

    func stopObserving(_ owner: AnyObject) {
        lock.withLock { _ = observers.removeValue(forKey: ObjectIdentifier(owner)) }
    }

    private func fire() {
        for handler in lock.withLock({ Array(observers.values) }) { handler() }
    }
}
