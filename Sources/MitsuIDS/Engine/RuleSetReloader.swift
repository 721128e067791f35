import Foundation
import MitsuCore

/// Holds the live engine and swaps in a new one when the rule files change or on SIGHUP, keeping the old
/// rules when the new files are broken. "Broken" means: a file cannot be read, or the new load rejects
/// more rules than the load it would replace (an edit that broke rules, not rules that never loaded).
public final class RuleSetReloader: @unchecked Sendable {
    public struct Outcome: Sendable {
        public var reloaded: Bool
        public var loaded: Int
        public var rejects: [RuleRejection]
        /// Why the old rules were kept, when they were.
        public var keptOldBecause: String?
    }

    public let ruleFiles: [String]
    public let classificationFile: String?
    public let variables: RuleVariables
    private let lock = Lock()
    private var current: IDSEngine
    private var currentRejects: Int
    private var stamps: [String: Date] = [:]

    /// Loads the files once; throws when the classification file is unreadable.
    public init(ruleFiles: [String], classificationFile: String? = nil, variables: RuleVariables = RuleVariables()) throws {
        self.ruleFiles = ruleFiles
        self.classificationFile = classificationFile
        self.variables = variables
        let (engine, rejects) = try IDSEngine.load(ruleFiles: ruleFiles, classificationFile: classificationFile, variables: variables)
        current = engine
        currentRejects = rejects.count
        stamps = Self.modificationDates(ruleFiles)
    }

    /// The engine to inspect with; take it per event (or per batch), it may change between calls.
    public var engine: IDSEngine { lock.withLock { current } }

    /// Rules of the current files that did not load (see `mitsu ids check` for why).
    public var rejectedCount: Int { lock.withLock { currentRejects } }

    /// Loads the files again and swaps the engine unless the new rules are broken.
    @discardableResult
    public func reload() -> Outcome {
        stampsNow()
        for f in ruleFiles where !FileManager.default.isReadableFile(atPath: f) {
            return Outcome(reloaded: false, loaded: engine.rules.count, rejects: [], keptOldBecause: "cannot read \(f)")
        }
        let result: (engine: IDSEngine, rejects: [RuleRejection])
        do {
            result = try IDSEngine.load(ruleFiles: ruleFiles, classificationFile: classificationFile, variables: variables)
        } catch {
            return Outcome(reloaded: false, loaded: engine.rules.count, rejects: [], keptOldBecause: "\(error)")
        }
        return lock.withLock {
            if result.rejects.count > currentRejects {
                let worst = result.rejects.prefix(3).map(\.description).joined(separator: "; ")
                return Outcome(reloaded: false, loaded: current.rules.count, rejects: result.rejects,
                               keptOldBecause: "\(result.rejects.count) rules rejected (was \(currentRejects)): \(worst)")
            }
            current = result.engine
            currentRejects = result.rejects.count
            return Outcome(reloaded: true, loaded: result.engine.rules.count, rejects: result.rejects, keptOldBecause: nil)
        }
    }

    /// Reloads when a rule file's modification time changed since the last load; nil when nothing changed.
    /// Call it from a timer (every few seconds is plenty).
    public func reloadIfChanged() -> Outcome? {
        let now = Self.modificationDates(ruleFiles)
        guard lock.withLock({ now != stamps }) else { return nil }
        return reload()
    }

    /// Reloads on SIGHUP; `report` receives each outcome (log it or emit an event). The queue argument is
    /// kept for callers; reloads run on a global queue.
    public func reloadOnSIGHUP(queue: DispatchQueue = .global(), report: @escaping @Sendable (Outcome) -> Void) {
        HangupSignal.shared.observe(self) { [weak self] in
            guard let self else { return }
            report(self.reload())
        }
    }

    deinit {
        HangupSignal.shared.stopObserving(self)
    }

    private func stampsNow() {
        let now = Self.modificationDates(ruleFiles)
        lock.withLock { stamps = now }
    }

    static func modificationDates(_ files: [String]) -> [String: Date] {
        var out: [String: Date] = [:]
        for f in files {
            out[f] = (try? FileManager.default.attributesOfItem(atPath: f))?[.modificationDate] as? Date ?? .distantPast
        }
        return out
    }
}
