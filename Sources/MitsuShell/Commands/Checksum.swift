import Foundation
import MitsuCore

extension Commands {
    /// md5sum / sha1sum / sha224sum / sha256sum / sha384sum / sha512sum FILE… (stdin as `-`), one
    /// implementation for the family: GNU coreutils' `HASH  NAME` lines (`HASH *NAME` with -b), `NAME: error`
    /// on stderr.
    static let checksum = CommandSpec(["md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum"], in: "/usr/bin", fakeSize: 47_480) { c in
        let (flags, files) = c.splitFlags()
        let hash: ([UInt8]) -> String
        switch c.name {
        case "md5sum": hash = { Digests.md5($0) }
        case "sha1sum": hash = { Digests.sha1($0) }
        case "sha224sum": hash = { Digests.sha224($0) }
        case "sha384sum": hash = { Digests.sha384($0) }
        case "sha512sum": hash = { Digests.sha512($0) }
        default: hash = { Digests.sha256($0) }
        }
        var status = 0
        for f in files.isEmpty ? ["-"] : files {
            guard let b = c.readInput(f) else { status = 1; continue }
            c.print(checksumLine(hash(b), name: f, binary: flags.contains("b")))
        }
        return status
    }

    /// coreutils escapes a name holding `\` or a newline and marks the line with a leading `\`.
    static func checksumLine(_ digest: String, name: String, binary: Bool) -> String {
        let escaped = name.contains("\\") || name.contains("\n")
        let shown = escaped ? name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n") : name
        return "\(escaped ? "\\" : "")\(digest) \(binary ? "*" : " ")\(shown)\n"
    }
}
