import Foundation
import Yams

/// An SSH persona as a user writes it: the banner and the algorithm name-lists another server presents
/// (an older OpenSSH for old bots, Dropbear for IoT). MitsuSSH checks that it implements every name and
/// reports the first one it lacks with this file's line (see `lines`).
///
/// ```yaml
/// banner: SSH-2.0-OpenSSH_6.6.1p1 Ubuntu-2ubuntu2.13
/// kex: [curve25519-sha256@libssh.org, diffie-hellman-group14-sha1, diffie-hellman-group1-sha1]
/// host_keys: [ssh-rsa, ecdsa-sha2-nistp256, ssh-ed25519]
/// ciphers: [aes128-ctr, aes256-ctr, aes128-cbc, aes256-cbc]
/// macs: [hmac-sha1, hmac-md5, hmac-sha1-96]
/// compression: [none, zlib@openssh.com]
/// auth_methods: [publickey, password]
/// server_sig_algs: []          # optional: EXT_INFO is sent only when this list is not empty
/// ```
public struct SSHPersonaSpec: Sendable, Equatable {
    public var file: String
    public var banner: String
    public var kex: [String]
    public var hostKeys: [String]
    public var ciphers: [String]
    public var macs: [String]
    public var compression: [String]
    public var authMethods: [String]
    public var serverSigAlgs: [String]
    /// Line of each key's value in `file`, and of each list item (`ciphers[2]`).
    public var lines: [String: Int]

    public static func load(path: String) throws -> SSHPersonaSpec {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, line: nil, key: "", message: "cannot read the persona file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ yaml: String, file: String) throws -> SSHPersonaSpec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(file: file, line: nil, key: "", message: "not valid YAML")
        }
        guard let root else { throw ConfigError(file: file, line: nil, key: "", message: "the persona file is empty") }
        var n = ConfigNode(node: root, file: file, path: "")
        var itemLines: [String: Int] = [:]
        func list(_ key: String, required: Bool = true) throws -> [String] {
            guard let v = try n.strings(key) else {
                if required { throw n.error(key, "missing (a list of algorithm names)") }
                return []
            }
            if required, v.isEmpty { throw n.error(key, "must name at least one algorithm") }
            for (i, line) in n.itemLines(of: key).enumerated() { itemLines["\(key)[\(i)]"] = line }
            for (i, name) in v.enumerated() where name.isEmpty || name.count > 64 || name.contains(",") || !name.allSatisfy(\.isASCII) {
                throw n.error("\(key)[\(i)]", "'\(name.prefix(60))' is not an algorithm name")
            }
            return v
        }
        guard let banner = try n.string("banner") else { throw n.error("banner", "missing (e.g. SSH-2.0-OpenSSH_9.2p1)") }
        // RFC 4253 §4.2: "SSH-2.0-softwareversion SP comments", printable US-ASCII, at most 255 bytes with CR LF.
        guard banner.hasPrefix("SSH-2.0-"), banner.utf8.count <= 253,
              banner.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw n.error("banner", "must start with SSH-2.0- and be printable ASCII, at most 253 bytes")
        }
        let spec = SSHPersonaSpec(
            file: file, banner: banner, kex: try list("kex"), hostKeys: try list("host_keys"), ciphers: try list("ciphers"),
            macs: try list("macs"), compression: try list("compression"), authMethods: try list("auth_methods"),
            serverSigAlgs: try list("server_sig_algs", required: false),
            lines: Dictionary(uniqueKeysWithValues: ["banner", "kex", "host_keys", "ciphers", "macs", "compression", "auth_methods",
                                                     "server_sig_algs"].compactMap { k in n.line(of: k).map { (k, $0) } })
                .merging(itemLines) { a, _ in a })
        try n.finish()
        return spec
    }

    /// The error for a name this build does not implement, pointing at the list that holds it.
    public func unsupported(_ key: String, _ name: String, known: [String]) -> ConfigError {
        let list: [String]
        switch key {
        case "kex": list = kex
        case "host_keys": list = hostKeys
        case "ciphers": list = ciphers
        case "macs": list = macs
        default: list = compression
        }
        let item = list.firstIndex(of: name).map { "\(key)[\($0)]" } ?? key
        return ConfigError(file: file, line: lines[item] ?? lines[key], key: item,
                    message: "'\(name)' is not implemented (implemented: \(known.joined(separator: ", ")))")
    }
}
