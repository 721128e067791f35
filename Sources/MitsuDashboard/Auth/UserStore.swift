import Foundation
import MitsuCore

/// Dashboard accounts and API tokens in one JSON file in the data directory (`DATA/dashboard/users.json`,
/// mode 0600). `mitsu user …` edits the file while `mitsu run` may be serving: the server re-reads it
/// when its modification time changes, and every write replaces it atomically (write, fsync, rename).
///
/// Tokens are stored as SHA-256 digests only: the file grants nothing to whoever reads it.
public final class UserStore: @unchecked Sendable {
    public struct User: Codable, Sendable, Equatable {
        public var name: String
        public var passwordHash: String
        public var created: String
    }

    public struct APIToken: Codable, Sendable, Equatable {
        /// Short public handle for listing and revoking (`mitsu user token-revoke ID`).
        public var id: String
        public var user: String
        public var sha256: String
        public var created: String
    }

    struct FileContents: Codable {
        var users: [User] = []
        var tokens: [APIToken] = []
    }

    public enum Failure: Error, CustomStringConvertible {
        case invalidName(String)
        case exists(String)
        case noSuchUser(String)
        case unreadable(path: String, detail: String)
        case weakPassword

        public var description: String {
            switch self {
            case .invalidName(let n): return "invalid user name '\(n.prefix(64))': use 1-64 letters, digits, '.', '_' or '-'"
            case .exists(let n): return "user \(n) already exists"
            case .noSuchUser(let n): return "no user \(n.prefix(64))"
            case .unreadable(let path, let detail): return "cannot read \(path): \(detail)"
            case .weakPassword: return "passwords need at least 12 characters"
            }
        }
    }

    public let path: String
    private let lock = Lock()
    private var contents = FileContents()
    private var loadedStamp: (Int, Int)?
    /// Work factor for new hashes (tests lower it; verification reads the factor from each hash).
    let cost: Int

    public init(path: String, cost: Int = PasswordHash.defaultCost) throws {
        self.path = path
        self.cost = cost
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try lock.withLock { try reloadIfChanged() }
    }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    public var users: [User] { lock.withLock { (try? reloadIfChanged()); return contents.users } }

    public func add(_ name: String, password: String) throws {
        guard UserStore.isValidName(name) else { throw Failure.invalidName(name) }
        guard password.count >= 12 else { throw Failure.weakPassword }
        let hash = try PasswordHash.make(password, cost: cost)
        try lock.withLock {
            try reloadIfChanged()
            guard !contents.users.contains(where: { $0.name == name }) else { throw Failure.exists(name) }
            contents.users.append(User(name: name, passwordHash: hash, created: Timestamp.now().iso8601))
            try save()
        }
    }

    public func setPassword(_ name: String, password: String) throws {
        guard password.count >= 12 else { throw Failure.weakPassword }
        let hash = try PasswordHash.make(password, cost: cost)
        try lock.withLock {
            try reloadIfChanged()
            guard let i = contents.users.firstIndex(where: { $0.name == name }) else { throw Failure.noSuchUser(name) }
            contents.users[i].passwordHash = hash
            try save()
        }
    }

    /// Removes the account and every API token it owns.
    public func remove(_ name: String) throws {
        try lock.withLock {
            try reloadIfChanged()
            guard contents.users.contains(where: { $0.name == name }) else { throw Failure.noSuchUser(name) }
            contents.users.removeAll { $0.name == name }
            contents.tokens.removeAll { $0.user == name }
            try save()
        }
    }

    /// The user whose password this is, or nil. Runs the KDF even for unknown names, so timing does not
    /// tell which account names exist.
    public func authenticate(_ name: String, password: String) -> String? {
        let user = lock.withLock { () -> User? in
            try? reloadIfChanged()
            return contents.users.first { $0.name == name }
        }
        let hash = user?.passwordHash ?? UserStore.dummyHash
        return PasswordHash.verify(password, against: hash) && user != nil ? user?.name : nil
    }

    private static let dummyHash = (try? PasswordHash.make(Secret.token())) ?? ""

    /// Creates an API token for `user`; the token itself is returned once and never stored.
    public func createToken(for user: String) throws -> (id: String, token: String) {
        let token = "mitsu_" + Secret.token()
        let id = Secret.identifier()
        try lock.withLock {
            try reloadIfChanged()
            guard contents.users.contains(where: { $0.name == user }) else { throw Failure.noSuchUser(user) }
            contents.tokens.append(APIToken(id: id, user: user, sha256: Secret.sha256Hex(token), created: Timestamp.now().iso8601))
            try save()
        }
        return (id, token)
    }

    public func revokeToken(id: String) throws -> Bool {
        try lock.withLock {
            try reloadIfChanged()
            let before = contents.tokens.count
            contents.tokens.removeAll { $0.id == id }
            guard contents.tokens.count != before else { return false }
            try save()
            return true
        }
    }

    public var tokens: [APIToken] { lock.withLock { (try? reloadIfChanged()); return contents.tokens } }

    /// The user a bearer token belongs to, or nil.
    public func user(forToken token: String) -> String? {
        let digest = Array(Secret.sha256Hex(token).utf8)
        return lock.withLock {
            try? reloadIfChanged()
            return contents.tokens.first { PasswordHash.constantTimeEqual(Array($0.sha256.utf8), digest) }?.user
        }
    }

    // MARK: file

    private func reloadIfChanged() throws {
        var st = stat()
        guard stat(path, &st) == 0 else {
            contents = FileContents()
            loadedStamp = nil
            return
        }
        let stamp = (Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec), Int(st.st_ino))
        if let loadedStamp, loadedStamp == stamp { return }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure.unreadable(path: path, detail: "read failed")
        }
        do {
            contents = try JSONDecoder().decode(FileContents.self, from: data)
        } catch {
            throw Failure.unreadable(path: path, detail: "\(error)")
        }
        loadedStamp = stamp
    }

    private func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(contents)
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw Failure.unreadable(path: tmp, detail: String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard written == data.count, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw Failure.unreadable(path: path, detail: "write failed: \(String(cString: strerror(errno)))")
        }
        loadedStamp = nil
        try reloadIfChanged()
    }
}
