import Foundation

/// What a worker counts that is not an event: connections its caps refused (only the first per address and
/// minute becomes a `session.refused` event) and events it spooled or lost while the collector was away.
public struct WorkerStats: Equatable, Sendable {
    public var refused = 0
    public var spooled = 0
    public var lost = 0

    public init(refused: Int = 0, spooled: Int = 0, lost: Int = 0) {
        self.refused = refused
        self.spooled = spooled
        self.lost = lost
    }
}

/// A worker's `WorkerStats` in `DATA/run/spool/NAME.stats`, read by the supervisor for `/metrics`.
///
/// The descriptor is opened before the privilege drop (afterwards the data directory may not be reachable
/// by path, as for the spool). The line has a fixed width and is rewritten in place with one `pwrite`, so a
/// reader never sees a mix of two lengths and the file never needs truncating.
public final class WorkerStatsFile: @unchecked Sendable {
    private let fd: Int32
    static let fieldWidth = 19

    public init(path: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    public func write(_ s: WorkerStats) {
        guard fd >= 0 else { return }
        let line = Array(Self.format(s).utf8)
        _ = line.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    static func format(_ s: WorkerStats) -> String {
        func field(_ v: Int) -> String {
            let digits = String(max(0, v))
            return String(repeating: "0", count: max(0, fieldWidth - digits.count)) + digits
        }
        return "refused \(field(s.refused)) spooled \(field(s.spooled)) lost \(field(s.lost))\n"
    }

    /// The stats in `path`, or nil when it is absent or not in this format.
    public static func read(path: String) -> WorkerStats? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 256 else { return nil }
        let words = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard words.count == 6, words[0] == "refused", words[2] == "spooled", words[4] == "lost",
              let refused = Int(words[1]), let spooled = Int(words[3]), let lost = Int(words[5])
        else { return nil }
        return WorkerStats(refused: refused, spooled: spooled, lost: lost)
    }
}
