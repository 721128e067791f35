/// The files of a log directory and what rotation does to them:
///
///     events.jsonl               the current day, appended to
///     events-YYYY-MM-DD.jsonl    a finished day, renamed and waiting to be compressed
///     events-YYYY-MM-DD.jsonl.gz a finished day, compressed; the newest `generations` are kept
///
/// Each step is a rename or a complete new file, so a crash at any point leaves files that the next
/// open finishes: a waiting `.jsonl` is compressed again, a half-written `.gz.tmp` is deleted.
struct RotatedLogFiles {
    let directory: String

    static let currentName = "events.jsonl"

    var currentPath: String { directory + "/" + Self.currentName }

    func pendingPath(day: String) -> String { directory + "/events-\(day).jsonl" }

    func gzipPath(day: String) -> String { directory + "/events-\(day).jsonl.gz" }

    private func temporaryPath(day: String) -> String { gzipPath(day: day) + ".tmp" }

    /// Days with a renamed, not yet compressed file, oldest first.
    func pendingDays() throws -> [String] {
        try POSIXFile.listDirectory(directory).compactMap { Self.day(inName: $0, suffix: ".jsonl") }.sorted()
    }

    /// Days with a compressed file, oldest first (ISO dates sort as text).
    func compressedDays() throws -> [String] {
        try POSIXFile.listDirectory(directory).compactMap { Self.day(inName: $0, suffix: ".jsonl.gz") }.sorted()
    }

    /// Leftovers of a compression that a crash interrupted.
    func removeTemporaries() throws {
        for name in try POSIXFile.listDirectory(directory) where name.hasPrefix("events-") && name.hasSuffix(".jsonl.gz.tmp") {
            try POSIXFile.remove(directory + "/" + name)
        }
    }

    /// Compresses the waiting file of `day` into its `.gz` and removes it. When that day already has a
    /// `.gz` (the clock went back, or Mitsu restarted with a stale file of a rotated day), the new data
    /// becomes a second gzip member of the same file instead of replacing it.
    func compress(day: String) throws {
        let pending = pendingPath(day: day)
        let gzip = gzipPath(day: day)
        let temporary = temporaryPath(day: day)
        do {
            try GzipFile.compress(pending, to: temporary)
            if POSIXFile.exists(gzip) {
                try GzipFile.append(temporary, to: gzip)
                try POSIXFile.remove(temporary)
            } else {
                try POSIXFile.rename(temporary, to: gzip)
            }
        } catch {
            try? POSIXFile.remove(temporary)
            throw error
        }
        try POSIXFile.remove(pending)
    }

    /// Deletes the oldest `.gz` files beyond the newest `generations`.
    func prune(keeping generations: Int) throws {
        let days = try compressedDays()
        for day in days.dropLast(max(0, generations)) {
            try POSIXFile.remove(gzipPath(day: day))
        }
    }

    /// `YYYY-MM-DD` from `events-YYYY-MM-DD<suffix>`, or nil for any other name, so that files a user put
    /// in the directory are never compressed or deleted.
    static func day(inName name: String, suffix: String) -> String? {
        let prefix = "events-"
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        let bytes = Array(middle.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
            return nil
        }
        return String(middle)
    }
}
