import Foundation

/// The small fake directory tree an FTP session browses. Paths are plain strings, normalised here and
/// only ever used as dictionary keys: nothing an attacker names reaches the real filesystem.
public struct FTPTree: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var isDirectory: Bool
        /// Bait content of a file (empty for directories and for uploads, whose bytes live in the store).
        public var content: [UInt8]
        public var size: Int
        /// `yyyyMMddHHmmss` UTC, as MDTM answers.
        public var modified: String

        public init(isDirectory: Bool, content: [UInt8] = [], size: Int? = nil, modified: String) {
            self.isDirectory = isDirectory
            self.content = content
            self.size = size ?? (isDirectory ? 4096 : content.count)
            self.modified = modified
        }
    }

    public private(set) var entries: [String: Entry]

    public init(entries: [String: Entry]) {
        var e = entries
        e["/"] = e["/"] ?? Entry(isDirectory: true, modified: "20240311081522")
        self.entries = e
    }

    /// A small server's FTP area: a public folder and a backup folder whose files look worth taking.
    public static let standard = FTPTree(entries: [
        "/pub": Entry(isDirectory: true, modified: "20240311081522"),
        "/pub/README": Entry(isDirectory: false, content: Array("Public files. Contact the administrator for write access.\n".utf8), modified: "20230915143001"),
        "/backup": Entry(isDirectory: true, modified: "20240402221010"),
        "/backup/db_backup.sql": Entry(isDirectory: false, content: Array("""
            -- MySQL dump 10.13  Distrib 8.0.36
            -- Host: localhost    Database: shop
            CREATE TABLE `users` (`id` int NOT NULL, `login` varchar(64), `pass` char(32));
            INSERT INTO `users` VALUES (1,'admin','21232f297a57a5a743894a0e4a801fc3');

            """.utf8), modified: "20240402221005"),
        "/backup/config.php.bak": Entry(isDirectory: false, content: Array("<?php\n$db_user = 'shop';\n$db_pass = 'Sh0p!2023';\n".utf8), modified: "20240110101844"),
    ])

    /// `path` made absolute against `cwd`, with `.` and `..` resolved; nil when longer than a real path.
    public static func resolve(_ path: String, cwd: String) -> String? {
        guard path.utf8.count <= 1024 else { return nil }
        let full = path.hasPrefix("/") ? path : cwd + "/" + path
        var parts: [Substring] = []
        for p in full.split(separator: "/", omittingEmptySubsequences: true) {
            if p == "." { continue }
            if p == ".." { _ = parts.popLast(); continue }
            parts.append(p)
        }
        return "/" + parts.joined(separator: "/")
    }

    public func entry(_ path: String) -> Entry? { entries[path] }

    /// Names directly inside `dir`, sorted as `ls` sorts them.
    public func children(of dir: String) -> [(name: String, entry: Entry)] {
        let prefix = dir == "/" ? "/" : dir + "/"
        return entries.compactMap { key, value -> (String, Entry)? in
            guard key != "/", key.hasPrefix(prefix) else { return nil }
            let rest = key.dropFirst(prefix.count)
            return rest.isEmpty || rest.contains("/") ? nil : (String(rest), value)
        }.sorted { $0.0 < $1.0 }
    }

    /// Records an uploaded file so the session's own listing shows it (only the size: the bytes are in
    /// the artifact store). Ignored when the parent is not a directory or the tree is already large.
    public mutating func addUpload(_ path: String, size: Int, modified: String) {
        let parent = path.split(separator: "/").dropLast().joined(separator: "/")
        guard entries.count < 256, entries["/" + parent]?.isDirectory == true, entries[path]?.isDirectory != true else { return }
        entries[path] = Entry(isDirectory: false, size: size, modified: modified)
    }

    /// One `LIST` line as vsftpd writes it (`%s %4d %-8s %-8s %8lld %s %s`, numeric owner ids).
    public static func listLine(name: String, entry: Entry, now: Date = Date()) -> String {
        let mode = entry.isDirectory ? "drwxr-xr-x" : "-rw-r--r--"
        let links = entry.isDirectory ? 2 : 1
        func pad(_ s: String, _ width: Int, left: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, width - s.count))
            return left ? s + fill : fill + s
        }
        return "\(mode) \(pad(String(links), 4, left: false)) \(pad("0", 8, left: true)) \(pad("0", 8, left: true)) "
            + "\(pad(String(entry.size), 8, left: false)) \(listDate(entry.modified, now: now)) \(name)"
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Mar 11 08:15` for the last six months, `Mar 11  2023` before, like ls and vsftpd.
    static func listDate(_ stamp: String, now: Date) -> String {
        let d = Array(stamp.utf8)
        guard d.count == 14, let year = Int(String(decoding: d[0..<4], as: UTF8.self)),
              let month = Int(String(decoding: d[4..<6], as: UTF8.self)), (1...12).contains(month) else { return "Jan 01  1970" }
        let day = String(decoding: d[6..<8], as: UTF8.self)
        let dayText = day.hasPrefix("0") ? " " + day.dropFirst() : day
        let time = String(decoding: d[8..<10], as: UTF8.self) + ":" + String(decoding: d[10..<12], as: UTF8.self)
        let nowStamp = mdtm(now)
        let nowYear = Int(nowStamp.prefix(4)) ?? year
        let nowMonth = Int(nowStamp.dropFirst(4).prefix(2)) ?? month
        let monthsAgo = (nowYear - year) * 12 + (nowMonth - month)
        let tail = (0..<6).contains(monthsAgo) ? time : " \(year)"
        return "\(months[month - 1]) \(dayText) \(tail)"
    }

    /// `yyyyMMddHHmmss` in UTC.
    public static func mdtm(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC") ?? cal.timeZone
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let x = v ?? 0; return x < 10 ? "0\(x)" : "\(x)" }
        return "\(c.year ?? 1970)\(two(c.month))\(two(c.day))\(two(c.hour))\(two(c.minute))\(two(c.second))"
    }
}
