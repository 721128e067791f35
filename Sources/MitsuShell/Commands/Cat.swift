extension Commands {
    /// cat FILE… (stdin for none or `-`); `cat > f` is the redirect's business.
    static let cat = CommandSpec(["cat"], in: "/usr/bin", fakeSize: 44_016) { c in
        let (flags, files) = c.splitFlags()
        var status = 0
        var output: [UInt8] = []
        for f in files.isEmpty ? ["-"] : files {
            guard let bytes = c.readInput(f) else { status = 1; continue }
            output += bytes
        }
        if flags.contains("n") {
            let lines = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            var text = ""
            for (k, l) in lines.enumerated() where !(k == lines.count - 1 && l.isEmpty) {
                text += String(k + 1).leftPadded(6) + "\t" + l + "\n"
            }
            c.print(text)
        } else {
            c.write(output)
        }
        return status
    }
}
