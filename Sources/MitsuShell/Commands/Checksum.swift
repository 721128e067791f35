import MitsuCore

extension Commands {
    /// md5sum / sha256sum FILE… (stdin as `-`).
    static let checksum = CommandSpec(["md5sum", "sha256sum"], in: "/usr/bin", fakeSize: 47_480) { c in
        let files = c.splitFlags().1
        var status = 0
        for f in files.isEmpty ? ["-"] : files {
            guard let b = c.readInput(f) else { status = 1; continue }
            let digest = c.name == "md5sum" ? Digests.md5(b) : Digests.sha256(b)
            c.print("\(digest)  \(f)\n")
        }
        return status
    }
}
